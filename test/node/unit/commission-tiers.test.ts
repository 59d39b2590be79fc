import { describe, expect, it } from "vitest";
import { calculateCommission, type CommissionModel, type CommissionTier } from "../../../src/commissions/calculate";

const november = new Date("2026-11-20T10:00:00Z");
const firstPayment = { firstPaymentAt: november, isFirstPayment: true };
const pctTier = (metric: CommissionTier["metric"], threshold: number, rateBps: number): CommissionTier => ({ metric, threshold, type: "percentage", rateBps, amount: null });
const model = (tiers: CommissionTier[]): CommissionModel => ({ type: "percentage", rateBps: 2000, amount: null, currency: "USD", duration: "lifetime", durationMonths: null, tiers });
const sale = (amount: number, extra: { currency?: string; productId?: string; priceId?: string } = {}) => ({ amount, currency: extra.currency ?? "USD", occurredAt: november, ...extra });

describe("performance tiers", () => {
  const bySales = model([pctTier("sales", 11, 3000), pctTier("sales", 21, 4000)]);

  it("keeps the base rate below the first threshold and says how far the tier is", () => {
    const tenth = calculateCommission(bySales, sale(10_000), firstPayment, [], { sales: 9, revenue: 90_000 });
    expect(tenth).toMatchObject({ eligible: true, amount: 2000 });
    expect(tenth.explanation).toContain("Tier 1 of this campaign (base rate, 20 %): this is sale 10 in November 2026; tier 2 starts from the 11th credited sale.");
  });

  it("pays the tier's rate from the sale that reaches the threshold exactly", () => {
    const eleventh = calculateCommission(bySales, sale(10_000), firstPayment, [], { sales: 10, revenue: 100_000 });
    expect(eleventh).toMatchObject({ eligible: true, amount: 3000 });
    expect(eleventh.explanation).toContain("Tier 2 of this campaign: 30 % from the 11th credited sale in November 2026; this is sale 11.");
    const twelfth = calculateCommission(bySales, sale(10_000), firstPayment, [], { sales: 11, revenue: 110_000 });
    expect(twelfth.explanation).toContain("Tier 2 of this campaign: 30 % from the 11th credited sale in November 2026; this is sale 12.");
    const twentyFirst = calculateCommission(bySales, sale(10_000), firstPayment, [], { sales: 20, revenue: 0 });
    expect(twentyFirst).toMatchObject({ amount: 4000 });
    expect(twentyFirst.explanation.join(" ")).toContain("Tier 3 of this campaign: 40 % from the 21st credited sale");
  });

  it("finds the tier whatever order the tiers come in", () => {
    const shuffled = model([pctTier("sales", 21, 4000), pctTier("sales", 11, 3000)]);
    expect(calculateCommission(shuffled, sale(10_000), firstPayment, [], { sales: 15, revenue: 0 }).amount).toBe(3000);
  });

  it("counts the sale that crosses a revenue threshold at the tier's rate, whole", () => {
    const byRevenue = model([pctTier("revenue", 100_000, 3000)]);
    const below = calculateCommission(byRevenue, sale(9_999), firstPayment, [], { sales: 3, revenue: 90_000 });
    expect(below).toMatchObject({ amount: 2000 });
    expect(below.explanation.join(" ")).toContain("with this sale 99999 USD minor units in November 2026; tier 2 starts from 100000 USD minor units of credited revenue");
    const exactly = calculateCommission(byRevenue, sale(10_000), firstPayment, [], { sales: 3, revenue: 90_000 });
    expect(exactly).toMatchObject({ amount: 3000 });
    const crossing = calculateCommission(byRevenue, sale(20_000), firstPayment, [], { sales: 3, revenue: 90_000 });
    expect(crossing).toMatchObject({ amount: 6000 });
    expect(crossing.explanation).toContain("Tier 2 of this campaign: 30 % from 100000 USD minor units of credited revenue in November 2026; with this sale 110000 USD minor units.");
  });

  it("pays a flat tier in the campaign currency", () => {
    const flatTier = model([{ metric: "sales", threshold: 2, type: "flat", rateBps: null, amount: 1500 }]);
    const r = calculateCommission(flatTier, sale(10_000), firstPayment, [], { sales: 1, revenue: 0 });
    expect(r).toMatchObject({ amount: 1500, currency: "USD" });
    expect(r.explanation.join(" ")).toContain("Tier 2 of this campaign: a flat 1500 USD minor units from the 2nd credited sale");
  });

  it("holds a sale in another currency at 0 and does not add it to revenue", () => {
    const byRevenue = model([pctTier("revenue", 100_000, 3000)]);
    const r = calculateCommission(byRevenue, sale(50_000, { currency: "EUR" }), firstPayment, [], { sales: 3, revenue: 90_000 });
    expect(r).toMatchObject({ eligible: true, amount: 0, currency: "USD", review: { rule: "currency_mismatch" } });
    expect(r.explanation.join(" ")).toContain("Tier 1 of this campaign (base rate, 20 %): with this sale 90000 USD minor units (this sale, in EUR, is not added to revenue in USD)");
    expect(r.explanation.join(" ")).toContain("The terms (20 % of the sale) cannot be applied");
    // By sales count it still counts: it is a credited sale; the tier's rate is what cannot apply.
    const bySalesInEuro = calculateCommission(bySales, sale(50_000, { currency: "EUR" }), firstPayment, [], { sales: 10, revenue: 0 });
    expect(bySalesInEuro).toMatchObject({ amount: 0, review: { rule: "currency_mismatch" } });
    expect(bySalesInEuro.explanation.join(" ")).toContain("The terms (30 % of the sale) cannot be applied");
  });

  it("lets a product or plan override win over the tiers, and a plan's over its product's", () => {
    const overrides = [
      { productId: "prod_team", type: "percentage" as const, rateBps: 1000, amount: null },
      { productId: "price_team_yearly", type: "flat" as const, rateBps: null, amount: 700 },
    ];
    const product = calculateCommission(bySales, sale(10_000, { productId: "prod_team", priceId: "price_team_monthly" }), firstPayment, overrides, { sales: 30, revenue: 0 });
    expect(product).toMatchObject({ amount: 1000 });
    expect(product.explanation).toContain("Product prod_team has its own rate, which replaces the campaign's and its performance tiers.");
    expect(product.explanation.join(" ")).not.toContain("Tier");
    const plan = calculateCommission(bySales, sale(10_000, { productId: "prod_team", priceId: "price_team_yearly" }), firstPayment, overrides, { sales: 30, revenue: 0 });
    expect(plan).toMatchObject({ amount: 700 });
    expect(plan.explanation.join(" ")).toContain("Plan (price) price_team_yearly has its own rate");
  });

  it("applies no tier without the creator's month, and none when the campaign has none", () => {
    expect(calculateCommission(bySales, sale(10_000), firstPayment).amount).toBe(2000);
    const plain = calculateCommission(model([]), sale(10_000), firstPayment, [], { sales: 50, revenue: 0 });
    expect(plain.amount).toBe(2000);
    expect(plain.explanation.join(" ")).not.toContain("Tier");
  });

  it("names ordinals and months correctly", () => {
    const t = (threshold: number) => model([pctTier("sales", threshold, 3000)]);
    const line = (threshold: number) => calculateCommission(t(threshold), { ...sale(100), occurredAt: new Date("2027-01-01T00:00:00Z") }, firstPayment, [], { sales: 200, revenue: 0 }).explanation.join(" ");
    expect(line(1)).toContain("from the 1st credited sale in January 2027");
    expect(line(3)).toContain("the 3rd credited");
    expect(line(13)).toContain("the 13th credited");
    expect(line(22)).toContain("the 22nd credited");
    expect(line(111)).toContain("the 111th credited");
  });
});
