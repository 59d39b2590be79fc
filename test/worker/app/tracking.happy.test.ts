import { describe, expect, it } from "vitest";
import type { Conversion } from "../../../src/conversions/schemas";
import { call, createAffiliate, createBrand, enroll } from "../support/fixtures";
import { Pipeline, clickAt, clickCounts, createS2sKey, signedInit } from "../support/tracking";

const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

describe("tracking, end to end", () => {
  it("click → lead → sale, signed with a Standard Webhooks library, lands attributed with its trail; a redelivery changes nothing", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate({ name: "Casey" });
    const { code, linkId, enrollmentId } = await enroll(brand, affiliateId);
    const created = await call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { name: "billing server" } });
    expect(created.status).toBe(201);
    const s2s = await created.json<{ id: string; secret: string }>();
    const key = { keyId: s2s.id, secret: s2s.secret };
    const pipe = new Pipeline();

    const redirect = await pipe.edgeFetch(`/c/${code}?utm_source=newsletter`, { headers: { "user-agent": BROWSER } });
    expect(redirect.status).toBe(302);
    const clickId = new URL(redirect.headers.get("location")!).searchParams.get("rk_click")!;

    const lead = await pipe.edgeFetch("/v1/track/lead", signedInit({ click_id: clickId, customer_external_id: "cus_42", email: "buyer@example.com" }, key));
    expect(lead.status).toBe(202);
    const saleInit = signedInit({ customer_external_id: "cus_42", amount: 4900, currency: "USD", invoice_id: "in_1001", product_id: "pro_monthly" }, { ...key, webhookId: "msg_sale_1001" });
    const sale = await pipe.edgeFetch("/v1/track/sale", saleInit);
    expect(sale.status).toBe(202);
    const saleAnswer = await sale.json<{ id: string; status: string }>();
    const drained = await pipe.drain();
    expect(drained.events!.retryMessages).toEqual([]);
    expect(drained.clicks!.retryMessages).toEqual([]);
    expect(await clickCounts(brand.brandId, linkId)).toEqual({ rows: 1, rollup: 1 });

    const sales = await (await call("/v1/conversions?type=sale", { key: brand.apiKey })).json<Page<Conversion>>();
    expect(sales.data).toHaveLength(1);
    const conversion = sales.data[0]!;
    expect(conversion).toMatchObject({
      object: "conversion",
      type: "sale",
      credited: true,
      affiliate_id: affiliateId,
      enrollment_id: enrollmentId,
      campaign_id: brand.campaignId,
      link_id: linkId,
      click_id: clickId,
      customer_external_id: "cus_42",
      amount: 4900,
      currency: "USD",
      invoice_id: "in_1001",
      product_id: "pro_monthly",
      source_event_id: saleAnswer.id,
      attribution: { via: "customer", model: "last_click", window_days: 30, link_code: code, reason: null },
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(conversion.attribution.trail).toBe(`customer cus_42 was bound on ${today} to click ${clickId} on ${today} through link ${code}, inside the 30-day window, last click`);

    const leads = await (await call("/v1/conversions?type=lead", { key: brand.apiKey })).json<Page<Conversion>>();
    expect(leads.data.map((c) => [c.type, c.affiliate_id, c.attribution.via])).toEqual([["lead", affiliateId, "click"]]);
    expect(leads.data[0]!.attribution.trail).toBe(`click ${clickId} on ${today} through link ${code}, inside the 30-day window (lead 0 days after the click), last click`);

    // The same delivery again: same answer from the edge, no second effect in Postgres.
    const again = await pipe.edgeFetch("/v1/track/sale", saleInit);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(saleAnswer);
    expect((await pipe.drain()).events!.explicitAcks).toHaveLength(1);
    const after = await (await call("/v1/conversions", { key: brand.apiKey })).json<Page<Conversion>>();
    expect(after.data.map((c) => c.id).sort()).toEqual([conversion.id, leads.data[0]!.id].sort());
    expect((await (await call(`/v1/conversions/${conversion.id}`, { key: brand.apiKey })).json<Conversion>()).amount).toBe(4900);
  });

  it("announces new conversions to the brand's webhook endpoints (lead.created, sale.created, refund.created), once each", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { linkId } = await enroll(brand, affiliateId);
    const hook = await (
      await call("/v1/webhook-endpoints", { method: "POST", key: brand.apiKey, json: { url: "https://hooks.brand.example/rekomi", enabled_events: ["sale.created", "refund.created"] } })
    ).json<{ id: string }>();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    const click = await clickAt(linkId, new Date());
    const sale = signedInit({ click_id: click, amount: 700, currency: "USD", invoice_id: "in_w" }, key);
    const deliveriesToSend: [string, RequestInit][] = [
      ["lead", signedInit({ click_id: click, customer_external_id: "cus_w" }, key)],
      ["sale", sale],
      ["sale", sale],
      ["refund", signedInit({ invoice_id: "in_w", amount: 700, currency: "USD" }, key)],
    ];
    for (const [type, init] of deliveriesToSend) expect((await pipe.edgeFetch(`/v1/track/${type}`, init)).status).toBe(202);
    await pipe.drain();
    const deliveries = await (await call(`/v1/webhook-endpoints/${hook.id}/deliveries`, { key: brand.apiKey })).json<{ data: { event: { type: string } }[] }>();
    expect(deliveries.data.map((d) => d.event.type).sort()).toEqual(["refund.created", "sale.created"]);
  });
});
