import { describe, expect, it } from "vitest";
import { call } from "../support/fixtures";
import { expectError, signedInit } from "../support/tracking";
import { commissionsOf, conversionOf, customer, earningOf, refund, sale, seller, track, type Seller } from "../support/commissions";

const FLAT_500_USD = { type: "flat", amount: 50_000, rate_bps: null, currency: "USD", duration: "lifetime", duration_months: null };
const PCT_25_USD = { type: "percentage", rate_bps: 2500, currency: "USD", duration: "lifetime", duration_months: null };

interface RefundBody {
  invoice_id: string;
  amount: number;
  currency: string;
  attribution: { reason: string | null; trail: string };
}

async function refundsOf(s: Seller): Promise<RefundBody[]> {
  return (await (await call("/v1/conversions?limit=100&type=refund", { key: s.brand.apiKey })).json<{ data: RefundBody[] }>()).data;
}

/** Sends a refund through the edge and returns the response without draining. */
const sendRefund = (s: Seller, body: Record<string, unknown>) => s.pipe.edgeFetch("/v1/track/refund", signedInit(body, s.key));

describe("currency is part of a commission's terms", () => {
  it("never pays a flat USD amount on a JPY sale: the sale is credited, the commission held at 0 USD with the reason", async () => {
    const s = await seller(FLAT_500_USD);
    await customer(s, "cus_jpy");
    await sale(s, "cus_jpy", "in_jpy", 5, { currency: "JPY" });
    const conversion = await conversionOf(s.brand, "sale", "in_jpy");
    expect(conversion).toMatchObject({ amount: 5, currency: "JPY", affiliate_id: s.affiliateId });
    const earning = await earningOf(s.brand, "in_jpy");
    expect(earning).toMatchObject({ amount: 0, currency: "USD", status: "pending", held_for_review: true });
    expect(earning!.review_reasons.map((r) => r.rule)).toEqual(["currency_mismatch"]);
    expect(earning!.explanation.lines.join(" ")).toContain("paid in JPY; this campaign pays commissions in USD");
  });

  it("never turns a EUR sale into a EUR earning on a USD percentage campaign", async () => {
    const s = await seller(PCT_25_USD);
    await customer(s, "cus_eur");
    await sale(s, "cus_eur", "in_eur", 800_000, { currency: "EUR" });
    const all = await commissionsOf(s.brand);
    expect(all.map((c) => [c.amount, c.currency, c.held_for_review])).toEqual([[0, "USD", true]]);
    // A sale in the campaign's currency still earns normally.
    await sale(s, "cus_eur", "in_usd", 10_000);
    expect(await earningOf(s.brand, "in_usd")).toMatchObject({ amount: 2500, currency: "USD", held_for_review: false });
  });
});

describe("refunds match their sale", () => {
  it("refuses, at the edge, a refund in another currency than its recorded sale", async () => {
    const s = await seller(PCT_25_USD);
    await customer(s, "cus_r1");
    await sale(s, "cus_r1", "in_r1", 5000, { currency: "JPY" });
    const error = await expectError(await sendRefund(s, { invoice_id: "in_r1", amount: 100, currency: "EUR" }), 400, "invalid_request", "currency");
    expect(error.message).toContain("paid in JPY");
    expect(await conversionOf(s.brand, "refund", "in_r1")).toBeUndefined();
  });

  it("refuses a refund larger than what is left to refund, and the same webhook-id may then carry the corrected one", async () => {
    const s = await seller(PCT_25_USD);
    await customer(s, "cus_r2");
    await sale(s, "cus_r2", "in_r2", 4900);
    await expectError(await sendRefund(s, { invoice_id: "in_r2", amount: 4901, currency: "USD" }), 400, "invalid_request", "amount");
    await refund(s, "in_r2", 3000);
    const error = await expectError(await sendRefund(s, { invoice_id: "in_r2", amount: 2000, currency: "USD" }), 400, "invalid_request", "amount");
    expect(error.message).toContain("only 19.00 USD (1900 minor units)");
    // A refused refund did not claim its webhook-id: the corrected body may reuse it.
    const webhookId = `msg_${crypto.randomUUID()}`;
    await expectError(await s.pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_r2", amount: 2000, currency: "USD" }, { ...s.key, webhookId })), 400, "invalid_request", "amount");
    await track(s, "refund", { invoice_id: "in_r2", amount: 1900, currency: "USD" }, webhookId);
    await expectError(await sendRefund(s, { invoice_id: "in_r2", amount: 1, currency: "USD" }), 400, "invalid_request", "amount");
  });

  it("records a refund that reached the consumer past the edge's check capped at what was left, with the excess noted", async () => {
    const s = await seller(PCT_25_USD);
    await customer(s, "cus_r3");
    // Refunds before their sale: the edge cannot check them, the sale caps them when it arrives.
    await track(s, "refund", { invoice_id: "in_r3", amount: 9000, currency: "USD" });
    await track(s, "refund", { invoice_id: "in_r3", amount: 500, currency: "EUR" });
    await sale(s, "cus_r3", "in_r3", 4900);
    const refunds = await refundsOf(s);
    const byCurrency = Object.fromEntries(refunds.filter((r) => r.invoice_id === "in_r3").map((r) => [r.currency, r]));
    expect(byCurrency.USD).toMatchObject({ amount: 4900, attribution: { reason: "capped" } });
    expect(byCurrency.USD!.attribution.trail).toContain("reported as 9000 USD minor units");
    expect(byCurrency.EUR).toMatchObject({ amount: 500, attribution: { reason: "currency_mismatch" } });
    // Two refunds accepted together, each within what was left, together beyond it.
    await sale(s, "cus_r3", "in_r4", 1000);
    for (const amount of [700, 600]) expect((await sendRefund(s, { invoice_id: "in_r4", amount, currency: "USD" })).status).toBe(202);
    await s.pipe.drain();
    const r4 = (await refundsOf(s)).filter((r) => r.invoice_id === "in_r4");
    expect(r4.map((r) => r.amount).reduce((a, b) => a + b, 0)).toBe(1000);
  });
});

describe("ISO 4217 codes only", () => {
  it("refuses XYZ as a campaign's currency, on create and on update, naming the field", async () => {
    const s = await seller();
    const create = await call("/v1/campaigns", {
      method: "POST",
      key: s.brand.apiKey,
      json: { name: "XYZ", destination_url: "https://brand.example", commission: { ...PCT_25_USD, currency: "XYZ" } },
    });
    expect(create.status).toBe(400);
    expect((await create.json<{ error: { param: string } }>()).error.param).toBe("commission.currency");
    const update = await call(`/v1/campaigns/${s.brand.campaignId}`, { method: "PATCH", key: s.brand.apiKey, json: { commission: { currency: "XYZ" } } });
    expect((await update.json<{ error: { param: string } }>()).error.param).toBe("commission.currency");
  });
});
