import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Commission } from "../../../src/commissions/schemas";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { addMemberDirectly, call, signedInCreator, signedUpUser, usingDb } from "../support/fixtures";
import { daysAgo } from "../support/tracking";
import { balanceOf, commissionsOf, conversionOf, customer, earningOf, markPaid, refund, sale, seller, track } from "../support/commissions";

type BrandCommission = Commission & { affiliate_name: string | null; campaign_name: string | null };

describe("the brand's Commissions page API", () => {
  it("lists with names and filters, explains one with its source's trail, works the review queue and exports CSV", async () => {
    const s = await seller({ type: "percentage", rate_bps: 1000, duration: "lifetime", duration_months: null });
    await customer(s, "cus_ok");
    await sale(s, "cus_ok", "in_ok", 1000);
    await customer(s, "cus_me", { email: s.affiliateEmail });
    await sale(s, "cus_me", "in_me", 2000, { occurred_at: daysAgo(35).toISOString() });
    const admin = await signedUpUser();
    await addMemberDirectly(s.brand.brandId, admin.userId, "admin");
    const base = `/api/brands/${s.brand.brandId}/commissions`;

    const page = await (await admin.browser.get(base)).json<{ data: BrandCommission[] }>();
    expect(page.data.map((c) => [c.amount, c.affiliate_name, c.campaign_name])).toEqual([
      [200, "Test Creator", "Test brand campaign"],
      [100, "Test Creator", "Test brand campaign"],
    ]);
    const queue = await (await admin.browser.get(`${base}?held_for_review=true`)).json<{ data: BrandCommission[] }>();
    expect(queue.data.map((c) => c.amount)).toEqual([200]);
    const held = queue.data[0]!;

    const detail = await (await admin.browser.get(`${base}/${held.id}`)).json<BrandCommission & { source: { conversion_id: string; trail: string; invoice_id: string; source_event_id: string } }>();
    const source = (await conversionOf(s.brand, "sale", "in_me"))!;
    expect(detail.source).toMatchObject({ conversion_id: source.id, invoice_id: "in_me", source_event_id: source.source_event_id, trail: source.attribution.trail });
    expect(detail.review_reasons[0]!.rule).toBe("self_referral");
    expect(detail.explanation.lines.join("\n")).toContain("10 % of 2000");

    // Released by a person: its hold is over, so it is approved at once; recorded with who did it.
    const released = await (await admin.browser.post(`${base}/${held.id}/release`)).json<BrandCommission>();
    expect(released).toMatchObject({ status: "approved", held_for_review: false, affiliate_name: "Test Creator" });
    expect((await (await admin.browser.get(`${base}?held_for_review=true`)).json<{ data: unknown[] }>()).data).toEqual([]);
    const voided = await (await admin.browser.post(`${base}/${page.data[1]!.id}/void`)).json<BrandCommission>();
    expect(voided.status).toBe("voided");
    const audit = await usingDb((db) => withBrand(db, s.brand.brandId, (tx) => tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.targetType, "commission"))));
    expect(audit.map((a) => [a.action, a.actorType, a.actorId]).sort()).toEqual([
      ["commission.released", "user", admin.userId],
      ["commission.voided", "user", admin.userId],
    ]);

    // The REST API's operations, answered alike on the dashboard's door.
    expect(await (await admin.browser.get(`${base}/${held.id}`)).json()).toEqual(await (await call(`/v1/commissions/${held.id}`, { key: s.brand.apiKey })).json());
    const balance = await (await admin.browser.get(`/api/brands/${s.brand.brandId}/affiliates/${s.affiliateId}/balance`)).json<{ balances: unknown[] }>();
    expect(balance).toEqual({ object: "balance", affiliate_id: s.affiliateId, balances: await balanceOf(s.brand, s.affiliateId) });
    const overrides = `/api/brands/${s.brand.brandId}/campaigns/${s.brand.campaignId}/commission-overrides`;
    expect((await admin.browser.request("PUT", `${overrides}/team_yearly`, { type: "flat", amount: 300 })).status).toBe(200);
    const listed = await (await call(`/v1/campaigns/${s.brand.campaignId}/commission-overrides`, { key: s.brand.apiKey })).json<{ data: { product_id: string; amount: number }[] }>();
    expect(listed.data.map((o) => [o.product_id, o.amount])).toEqual([["team_yearly", 300]]);
    expect((await admin.browser.request("DELETE", `${overrides}/team_yearly`)).status).toBe(200);
    expect((await (await admin.browser.get(overrides)).json<{ data: unknown[] }>()).data).toEqual([]);

    const csv = await admin.browser.get(`${base}/export.csv?status=approved`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="rekomi-commissions-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,created_at,kind,status,amount,currency,amount_minor,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${held.id},`);
    expect(lines[1]).toContain(",approved,2.00,USD,200,");
  });
});

describe("the creator's Earnings page API", () => {
  it("gives balances per brand and currency and net earnings per month", async () => {
    const creator = await signedInCreator();
    const me = { affiliateId: creator.affiliateId, email: creator.email };
    const one = await seller({ type: "percentage", rate_bps: 2500, duration: "lifetime", duration_months: null }, me);
    const two = await seller({ type: "flat", amount: 700, rate_bps: null, currency: "EUR", duration: "lifetime", duration_months: null }, me);
    await customer(one, "cus_1");
    await sale(one, "cus_1", "in_paid", 1000);
    await sale(one, "cus_1", "in_pending", 2000);
    await customer(two, "cus_2");
    await track(two, "sale", { customer_external_id: "cus_2", amount: 5000, currency: "EUR", invoice_id: "in_eur" });
    const paid = (await earningOf(one.brand, "in_paid"))!;
    await markPaid(one.brand.brandId, paid.id);
    await refund(one, "in_paid", 400); // a clawback of 100

    const res = await creator.browser.get("/api/creator/earnings");
    expect(res.status).toBe(200);
    const body = await res.json<{ balances: { brand: { id: string; name: string }; currency: string }[]; months: { month: string; currency: string; amount: number }[] }>();
    const byBrand = Object.fromEntries(body.balances.map(({ brand, ...rest }) => [brand.id, { name: brand.name, ...rest }]));
    expect(byBrand[one.brand.brandId]).toEqual({ name: "Test brand", currency: "USD", pending: 500, approved: 0, paid: 250, clawbacks_outstanding: -100, payable: -100 });
    expect(byBrand[two.brand.brandId]).toEqual({ name: "Test brand", currency: "EUR", pending: 700, approved: 0, paid: 0, clawbacks_outstanding: 0, payable: 0 });
    const month = new Date().toISOString().slice(0, 7);
    expect(body.months).toEqual([
      { month, currency: "EUR", amount: 700 },
      { month, currency: "USD", amount: 250 + 500 - 100 },
    ]);
    // The creator's list explains each amount too.
    const list = await (await creator.browser.get("/api/creator/commissions")).json<{ data: (Commission & { campaign_name: string })[] }>();
    expect(list.data).toHaveLength(4);
    expect(list.data.every((c) => c.explanation.lines.length > 0 && c.campaign_name === "Test brand campaign")).toBe(true);
    expect((await commissionsOf(one.brand, "&kind=clawback")).map((c) => c.amount)).toEqual([-100]);
  });
});
