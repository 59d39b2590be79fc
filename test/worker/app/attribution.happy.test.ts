import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Conversion } from "../../../src/conversions/schemas";
import { clickSigningKey, verifyClickId } from "../../../src/tracking/click-id";
import { call, createAffiliate, createBrand, enroll, type BrandFixture } from "../support/fixtures";
import { Pipeline, clickAt, createS2sKey, daysAgo, signedInit } from "../support/tracking";

type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

/** A brand with two creators' links and an S2S key, and a pipeline to send events through. */
async function program() {
  const brand = await createBrand();
  const casey = await createAffiliate({ name: "Casey" });
  const robin = await createAffiliate({ name: "Robin" });
  return {
    brand,
    casey: { affiliateId: casey.affiliateId, ...(await enroll(brand, casey.affiliateId)) },
    robin: { affiliateId: robin.affiliateId, ...(await enroll(brand, robin.affiliateId)) },
    key: await createS2sKey(brand),
    pipe: new Pipeline(),
  };
}
type Program = Awaited<ReturnType<typeof program>>;

async function track(p: Program, type: "lead" | "sale" | "refund", body: Record<string, unknown>, webhookId?: string) {
  const res = await p.pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, { ...p.key, ...(webhookId && { webhookId }) }));
  expect(res.status, await res.clone().text()).toBe(202);
  const drained = await p.pipe.drain();
  expect(drained.events?.retryMessages ?? []).toEqual([]);
}

async function conversions(brand: BrandFixture, query = ""): Promise<Conversion[]> {
  const res = await call(`/v1/conversions?limit=100${query}`, { key: brand.apiKey });
  expect(res.status).toBe(200);
  return (await res.json<Page<Conversion>>()).data;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

afterEach(() => {
  vi.useRealTimers();
});

describe("attribution", () => {
  it("last click: a later click rebinds the customer, an earlier one does not, whatever the arrival order", async () => {
    const p = await program();
    const early = await clickAt(p.casey.linkId, daysAgo(5));
    const late = await clickAt(p.robin.linkId, daysAgo(2));
    const earliest = await clickAt(p.casey.linkId, daysAgo(10));
    await track(p, "lead", { click_id: early, customer_external_id: "cus_1" });
    await track(p, "lead", { click_id: late, customer_external_id: "cus_1" });
    await track(p, "lead", { click_id: earliest, customer_external_id: "cus_1" });
    await track(p, "sale", { customer_external_id: "cus_1", amount: 2000, currency: "USD", invoice_id: "in_1" });

    const [sale] = await conversions(p.brand, "&type=sale");
    expect(sale).toMatchObject({ affiliate_id: p.robin.affiliateId, click_id: late, attribution: { via: "customer", model: "last_click" } });
    const leads = await conversions(p.brand, "&type=lead");
    // Newest first: the stale click's lead stays with the binding in force, and says why.
    expect(leads.map((c) => c.affiliate_id)).toEqual([p.robin.affiliateId, p.robin.affiliateId, p.casey.affiliateId]);
    expect(leads[0]!.attribution.trail).toContain("last click: the later click keeps the credit over click " + earliest);
  });

  it("first click: the earliest click inside its window keeps the customer, even when its lead arrives last", async () => {
    const p = await program();
    const patched = await call(`/v1/campaigns/${p.brand.campaignId}`, { method: "PATCH", key: p.brand.apiKey, json: { attribution_model: "first_click" } });
    expect(patched.status).toBe(200);
    // The redirect stamps the campaign's model into the click id (and rk.js keeps the first click).
    const redirect = await p.pipe.edgeFetch(`/c/${p.robin.code}`, { headers: { "user-agent": "Mozilla/5.0 Firefox/133.0" } });
    const stamped = new URL(redirect.headers.get("location")!).searchParams.get("rk_click")!;
    expect((await verifyClickId(await clickSigningKey(env.CLICK_SIGNING_SECRET), stamped))!.firstClick).toBe(true);

    const first = await clickAt(p.casey.linkId, daysAgo(6), { firstClick: true });
    const second = await clickAt(p.robin.linkId, daysAgo(3), { firstClick: true });
    await track(p, "lead", { click_id: second, customer_external_id: "cus_2" });
    await track(p, "lead", { click_id: first, customer_external_id: "cus_2" });
    await track(p, "lead", { click_id: stamped, customer_external_id: "cus_2" });
    await track(p, "sale", { customer_external_id: "cus_2", amount: 9900, currency: "EUR", invoice_id: "in_2" });
    const [sale] = await conversions(p.brand, "&type=sale");
    expect(sale).toMatchObject({ affiliate_id: p.casey.affiliateId, click_id: first, attribution: { via: "customer", model: "first_click", window_days: 30 } });
    expect(sale!.attribution.trail).toBe(
      `customer cus_2 was bound on ${day(new Date())} to click ${first} on ${day(daysAgo(6))} through link ${p.casey.code}, inside the 30-day window, first click`,
    );
    const [latestLead] = await conversions(p.brand, "&type=lead");
    expect(latestLead!.attribution.trail).toContain(`first click: the earlier click keeps the credit over click ${stamped}`);
  });

  it("a first click keeps the customer only while its window is open; a click older than its window never binds", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const p = await program();
    const terms = { firstClick: true, windowDays: 7 };
    await track(p, "lead", { click_id: await clickAt(p.casey.linkId, daysAgo(5), terms), customer_external_id: "cus_3" });
    // Robin's later click does not displace Casey's first click while its window is open...
    await track(p, "lead", { click_id: await clickAt(p.robin.linkId, daysAgo(1), terms), customer_external_id: "cus_3" });
    await track(p, "sale", { customer_external_id: "cus_3", amount: 100, currency: "USD", invoice_id: "in_3a" });
    expect((await conversions(p.brand, "&type=sale"))[0]!.affiliate_id).toBe(p.casey.affiliateId);
    // ...but once Casey's 7 days are over, a new click takes the customer.
    vi.setSystemTime(Date.now() + 3 * 86_400_000);
    await track(p, "lead", { click_id: await clickAt(p.robin.linkId, daysAgo(1), terms), customer_external_id: "cus_3" });
    await track(p, "sale", { customer_external_id: "cus_3", amount: 100, currency: "USD", invoice_id: "in_3b" });
    // (Ids made while the clock is frozen share a millisecond: look rows up, do not rely on order.)
    expect((await conversions(p.brand, "&type=sale")).find((c) => c.invoice_id === "in_3b")).toMatchObject({ affiliate_id: p.robin.affiliateId });

    const stale = await clickAt(p.casey.linkId, daysAgo(20), terms);
    await track(p, "lead", { click_id: stale, customer_external_id: "cus_3b" });
    const unbound = (await conversions(p.brand, "&type=lead")).find((c) => c.customer_external_id === "cus_3b");
    expect(unbound).toMatchObject({ credited: false, affiliate_id: null, attribution: { via: null, reason: "click_not_usable" } });
    expect(unbound!.attribution.trail).toBe(`not credited: click ${stale} on ${day(daysAgo(20))} through link ${p.casey.code} was 20 days before the lead, outside its 7-day window`);
  });

  it("a lead outside the window binds nothing, and the customer's sale says why it is not credited", async () => {
    const p = await program();
    const old = await clickAt(p.casey.linkId, daysAgo(31));
    await track(p, "lead", { click_id: old, customer_external_id: "cus_4" });
    await track(p, "sale", { customer_external_id: "cus_4", amount: 500, currency: "USD", invoice_id: "in_4" });
    const [sale] = await conversions(p.brand, "&type=sale");
    expect(sale).toMatchObject({ credited: false, affiliate_id: null, attribution: { via: null, reason: "no_click" } });
    expect(sale!.attribution.trail).toBe("not credited: customer cus_4 has no affiliate click on record and the sale carried no click id");
    expect((await conversions(p.brand, `&affiliate_id=${p.casey.affiliateId}`)).length).toBe(0);
  });

  it("a sale with only a click id is credited through that click, inside its window only", async () => {
    const p = await program();
    const click = await clickAt(p.robin.linkId, daysAgo(4));
    await track(p, "sale", { click_id: click, amount: 1500, currency: "GBP", invoice_id: "in_5", occurred_at: daysAgo(1).toISOString() });
    await track(p, "sale", { click_id: click, amount: 1500, currency: "GBP", invoice_id: "in_6", occurred_at: new Date(daysAgo(4).getTime() - 3600_000).toISOString() });
    const sales = await conversions(p.brand, "&type=sale");
    const byInvoice = Object.fromEntries(sales.map((s) => [s.invoice_id, s]));
    expect(byInvoice.in_5).toMatchObject({ affiliate_id: p.robin.affiliateId, customer_id: null, attribution: { via: "click" } });
    expect(byInvoice.in_5!.attribution.trail).toContain("(sale 3 days after the click)");
    expect(byInvoice.in_6).toMatchObject({ credited: false, attribution: { reason: "outside_window" } });
    expect(byInvoice.in_6!.attribution.trail).toContain("happened after the sale");
  });

  it("a sale processed before its customer's lead is credited when the lead arrives", async () => {
    const p = await program();
    const click = await clickAt(p.casey.linkId, daysAgo(2));
    await track(p, "sale", { customer_external_id: "cus_7", amount: 3000, currency: "USD", invoice_id: "in_7" });
    await track(p, "refund", { invoice_id: "in_7", amount: 1000, currency: "USD" });
    expect((await conversions(p.brand, "&type=sale"))[0]!.credited).toBe(false);
    await track(p, "lead", { click_id: click, customer_external_id: "cus_7" });
    const [sale] = await conversions(p.brand, "&type=sale");
    expect(sale).toMatchObject({ credited: true, affiliate_id: p.casey.affiliateId, attribution: { via: "customer" } });
    expect(sale!.attribution.trail).toMatch(/^credited when customer cus_7's lead arrived after this sale: customer cus_7 was bound/);
    const [refund] = await conversions(p.brand, "&type=refund");
    expect(refund).toMatchObject({ sale_id: sale!.id, affiliate_id: p.casey.affiliateId, attribution: { via: "sale" } });
  });

  it("refunds follow their sale, in either order; a sale reported twice counts once", async () => {
    const p = await program();
    const click = await clickAt(p.robin.linkId, daysAgo(1));
    await track(p, "lead", { click_id: click, customer_external_id: "cus_8" });
    // Refund first: nothing to link to yet.
    await track(p, "refund", { invoice_id: "in_8", amount: 700, currency: "USD" });
    const [early] = await conversions(p.brand, "&type=refund");
    expect(early).toMatchObject({ sale_id: null, credited: false, attribution: { reason: "sale_not_found" } });
    expect(early!.attribution.trail).toBe("no sale for invoice in_8 yet; linked to it and credited as it is when it arrives");

    await track(p, "sale", { customer_external_id: "cus_8", amount: 2100, currency: "USD", invoice_id: "in_8" });
    // The same payment reported again under another webhook-id: still one sale.
    await track(p, "sale", { customer_external_id: "cus_8", amount: 2100, currency: "USD", invoice_id: "in_8" });
    const sales = await conversions(p.brand, "&type=sale");
    expect(sales).toHaveLength(1);
    await track(p, "refund", { invoice_id: "in_8", amount: 300, currency: "USD" });
    const refunds = await conversions(p.brand, "&type=refund");
    expect(refunds.map((r) => [r.amount, r.sale_id, r.affiliate_id])).toEqual([
      [300, sales[0]!.id, p.robin.affiliateId],
      [700, sales[0]!.id, p.robin.affiliateId],
    ]);
    expect(refunds[0]!.attribution.trail).toMatch(new RegExp(`^refund of sale ${sales[0]!.id} \\(invoice in_8\\), credited as the sale was: customer cus_8`));
  });
});
