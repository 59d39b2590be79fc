import { describe, expect, it } from "vitest";
import type { Campaign } from "../../../src/campaigns/schemas";
import { call, dashboardBrand } from "../support/fixtures";
import { commissionsOf, conversionOf, customer, seller, track, type Seller } from "../support/commissions";
import { connectGateway, deliver, gatewayEvent } from "../support/gateway-events";
import { clickAt, daysAgo } from "../support/tracking";

const TIERS = [{ metric: "sales", threshold: 11, type: "percentage", rate_bps: 3000 }];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

describe("performance tiers", () => {
  it("are set, read and replaced on both doors, by ascending threshold", async () => {
    const { owner, brandId, campaignId } = await dashboardBrand({
      tiers: [
        { metric: "revenue", threshold: 100_000, type: "percentage", rate_bps: 2500 },
        { metric: "revenue", threshold: 500_000, type: "flat", amount: 4000 },
      ],
    });
    const read = await (await owner.get(`/api/brands/${brandId}/campaigns/${campaignId}`)).json<Campaign>();
    expect(read.tiers).toEqual([
      { metric: "revenue", threshold: 100_000, type: "percentage", rate_bps: 2500, amount: null },
      { metric: "revenue", threshold: 500_000, type: "flat", rate_bps: null, amount: 4000 },
    ]);
    const listed = await (await owner.get(`/api/brands/${brandId}/campaigns`)).json<{ data: Campaign[] }>();
    expect(listed.data.find((c) => c.id === campaignId)!.tiers).toEqual(read.tiers);

    // A PATCH without tiers keeps them; with tiers replaces them all.
    const renamed = await owner.patch(`/api/brands/${brandId}/campaigns/${campaignId}`, { name: "Renamed" });
    expect((await renamed.json<Campaign>()).tiers).toEqual(read.tiers);
    const replaced = await owner.patch(`/api/brands/${brandId}/campaigns/${campaignId}`, { tiers: TIERS });
    expect(replaced.status).toBe(200);
    expect((await replaced.json<Campaign>()).tiers).toEqual([{ metric: "sales", threshold: 11, type: "percentage", rate_bps: 3000, amount: null }]);
    const audit = await (await owner.get(`/api/brands/${brandId}/audit-events?limit=10`)).json<{ data: { action: string; metadata: Record<string, unknown> }[] }>();
    expect(audit.data.find((e) => e.action === "campaign.updated")!.metadata).toMatchObject({ fields: ["tiers"], tiers: TIERS });
    const cleared = await owner.patch(`/api/brands/${brandId}/campaigns/${campaignId}`, { tiers: [] });
    expect((await cleared.json<Campaign>()).tiers).toEqual([]);
  });

  it("pay the 11th and 12th credited sales of the month at the tier's rate, and say which tier and which sale", async () => {
    const s = await seller({ type: "percentage", rate_bps: 2000, amount: null, duration: "lifetime", duration_months: null });
    const set = await call(`/v1/campaigns/${s.brand.campaignId}`, { method: "PATCH", key: s.brand.apiKey, json: { tiers: TIERS } });
    expect(set.status, await set.clone().text()).toBe(200);

    // Twelve sales in this calendar month (UTC), a second apart, through the edge and the real consumer.
    const now = Date.now();
    const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
    const base = Math.max(now - 60_000, monthStart);
    await customer(s, "cus_tiers");
    for (let i = 1; i <= 12; i++) {
      const occurred = new Date(base + i * 1000).toISOString();
      await track(s, "sale", { customer_external_id: "cus_tiers", amount: 10_000, currency: "USD", invoice_id: `in_tier_${i}`, occurred_at: occurred });
    }

    const earnings = await commissionsOf(s.brand, "&kind=earning");
    expect(earnings).toHaveLength(12);
    const earningFor = async (n: number) => {
      const sale = (await conversionOf(s.brand, "sale", `in_tier_${n}`))!;
      return earnings.find((c) => c.conversion_id === sale.id)!;
    };
    const month = `${MONTHS[new Date(base).getUTCMonth()]} ${new Date(base).getUTCFullYear()}`;
    const tenth = await earningFor(10);
    expect(tenth.amount).toBe(2000);
    expect(tenth.explanation.lines).toContain(`Tier 1 of this campaign (base rate, 20 %): this is sale 10 in ${month}; tier 2 starts from the 11th credited sale.`);
    const eleventh = await earningFor(11);
    expect(eleventh.amount).toBe(3000);
    expect(eleventh.explanation.lines).toContain(`Tier 2 of this campaign: 30 % from the 11th credited sale in ${month}; this is sale 11.`);
    const twelfth = await earningFor(12);
    expect(twelfth.amount).toBe(3000);
    expect(twelfth.explanation.lines).toContain(`Tier 2 of this campaign: 30 % from the 11th credited sale in ${month}; this is sale 12.`);
    expect(twelfth.explanation.inputs).toMatchObject({ creatorMonth: { sales: 11, revenue: 110_000 }, model: { tiers: [{ metric: "sales", threshold: 11, rateBps: 3000 }] } });
  });

  it("let a product override win over the tier", async () => {
    const s = await seller({ type: "percentage", rate_bps: 2000, amount: null, duration: "lifetime", duration_months: null });
    await call(`/v1/campaigns/${s.brand.campaignId}`, { method: "PATCH", key: s.brand.apiKey, json: { tiers: [{ metric: "sales", threshold: 1, type: "percentage", rate_bps: 5000 }] } });
    const o = await call(`/v1/campaigns/${s.brand.campaignId}/commission-overrides/prod_team`, { method: "PUT", key: s.brand.apiKey, json: { type: "flat", amount: 700 } });
    expect(o.status, await o.clone().text()).toBe(200);
    await customer(s, "cus_o");
    await track(s, "sale", { customer_external_id: "cus_o", amount: 10_000, currency: "USD", invoice_id: "in_o1", product_id: "prod_team" });
    await track(s, "sale", { customer_external_id: "cus_o", amount: 10_000, currency: "USD", invoice_id: "in_o2" });
    const earnings = await commissionsOf(s.brand, "&kind=earning");
    expect(earnings.map((e) => e.amount).sort((a, b) => a - b)).toEqual([700, 5000]);
    const overridden = earnings.find((e) => e.amount === 700)!;
    expect(overridden.explanation.lines).toContain("Product prod_team has its own rate, which replaces the campaign's and its performance tiers.");
  });

  it("do not count a sale fully refunded or disputed and not won, so buying and refunding climbs no tier", async () => {
    const { s, stripe, at } = await tieredShop({ metric: "sales", threshold: 3, type: "percentage", rate_bps: 3000 });
    const paid = (n: number) => deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { customer_external_id: "cus_k", amount: 10_000, currency: "USD", invoice_id: `in_k${n}`, payment_id: `pi_k${n}`, kind: "renewal", occurred_at: at(n) }));
    const disputed = (n: number, phase: "opened" | "won") => deliver(s.brand, stripe, gatewayEvent("stripe", "dispute", { phase, dispute_id: `du_k${n}`, invoice_id: null, payment_id: `pi_k${n}`, amount: 10_000, currency: "USD" }));
    await paid(1);
    await deliver(s.brand, stripe, gatewayEvent("stripe", "refund", { invoice_id: null, payment_id: "pi_k1", refund_id: "re_k1", amount: 10_000, currency: "USD", partial: false }));
    await paid(2);
    await disputed(2, "opened");
    await paid(3);
    await disputed(3, "opened");
    await disputed(3, "won");
    await paid(4);
    await paid(5);

    // Counted before sale 4: sale 3 only (its dispute was won). Sale 4 is the 2nd, sale 5 the 3rd.
    const fourth = await earningOf(s, "in_k4");
    expect(fourth.amount).toBe(2000);
    expect(fourth.explanation.inputs).toMatchObject({ creatorMonth: { sales: 1, revenue: 10_000 } });
    const fifth = await earningOf(s, "in_k5");
    expect(fifth.amount).toBe(3000);
    expect(fifth.explanation.inputs).toMatchObject({ creatorMonth: { sales: 2, revenue: 20_000 } });
  });

  it("net a partial refund out of the month's revenue", async () => {
    const { s, stripe, at } = await tieredShop({ metric: "revenue", threshold: 25_000, type: "percentage", rate_bps: 3000 });
    const paid = (n: number) => deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { customer_external_id: "cus_k", amount: 10_000, currency: "USD", invoice_id: `in_r${n}`, payment_id: `pi_r${n}`, kind: "renewal", occurred_at: at(n) }));
    await paid(1);
    await deliver(s.brand, stripe, gatewayEvent("stripe", "refund", { invoice_id: null, payment_id: "pi_r1", refund_id: "re_r1", amount: 6_000, currency: "USD", partial: true }));
    await paid(2);
    await paid(3);
    await paid(4);

    // 4 000 + 10 000 before sale 3: it reaches 24 000, under the threshold; sale 4 reaches 34 000.
    const third = await earningOf(s, "in_r3");
    expect(third.amount).toBe(2000);
    expect(third.explanation.inputs).toMatchObject({ creatorMonth: { sales: 2, revenue: 14_000 } });
    expect((await earningOf(s, "in_r4")).amount).toBe(3000);
  });
});

/** A seller whose campaign pays 20 % with `tier`, a Stripe connection, a customer bound by a click, and `at(n)`: the nth second of a run this month. */
async function tieredShop(tier: Record<string, unknown>) {
  const s = await seller({ type: "percentage", rate_bps: 2000, amount: null, duration: "lifetime", duration_months: null });
  const set = await call(`/v1/campaigns/${s.brand.campaignId}`, { method: "PATCH", key: s.brand.apiKey, json: { tiers: [tier] } });
  expect(set.status, await set.clone().text()).toBe(200);
  const stripe = await connectGateway(s.brand, "stripe");
  await deliver(s.brand, stripe, gatewayEvent("stripe", "lead", { customer_external_id: "cus_k", click_id: await clickAt(s.linkId, daysAgo(1)) }));
  const now = Date.now();
  const base = Math.max(now - 60_000, Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1));
  return { s, stripe, at: (n: number) => new Date(base + n * 1000).toISOString() };
}

async function earningOf(s: Seller, invoice: string) {
  const sale = (await conversionOf(s.brand, "sale", invoice))!;
  const earning = (await commissionsOf(s.brand, "&kind=earning")).find((c) => c.conversion_id === sale.id);
  expect(earning, `earning of ${invoice}`).toBeDefined();
  return earning!;
}
