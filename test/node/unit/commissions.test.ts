import { describe, expect, it } from "vitest";
import { applyBps, calculateCommission, monthsBetween, reversalFor, type CommissionModel } from "../../../src/commissions/calculate";

const pct = (duration: CommissionModel["duration"], months: number | null = null): CommissionModel => ({
  type: "percentage",
  rateBps: 2500,
  amount: null,
  currency: "USD",
  duration,
  durationMonths: months,
});
const first = new Date("2026-01-15T10:00:00Z");
const firstPayment = { firstPaymentAt: first, isFirstPayment: true };
const laterPayment = { firstPaymentAt: first, isFirstPayment: false };

describe("commission calculation", () => {
  it("takes a percentage of the payment in the payment's currency, in integer minor units", () => {
    const r = calculateCommission({ ...pct("lifetime"), currency: "EUR" }, { amount: 4999, currency: "EUR", occurredAt: first }, firstPayment);
    expect(r).toMatchObject({ eligible: true, amount: 1250, currency: "EUR" });
    expect(r.explanation.join(" ")).toContain("25 % of 4999 EUR");
  });

  it("rounds half up exactly, without floats, even for huge amounts", () => {
    expect(applyBps(2, 2500)).toBe(1); // 0.5 → 1
    expect(applyBps(1, 2500)).toBe(0); // 0.25 → 0
    expect(applyBps(9_007_199_254_740_991, 10_000)).toBe(9_007_199_254_740_991);
    expect(applyBps(1_000_000_000_000, 3333)).toBe(333_300_000_000);
  });

  it("pays a one-time commission on the first payment only", () => {
    expect(calculateCommission(pct("one_time"), { amount: 1000, currency: "USD", occurredAt: first }, firstPayment).amount).toBe(250);
    const renewal = calculateCommission(pct("one_time"), { amount: 1000, currency: "USD", occurredAt: new Date("2026-02-15T10:00:00Z") }, laterPayment);
    expect(renewal).toMatchObject({ eligible: false, amount: 0 });
    expect(renewal.explanation[0]).toContain("first payment");
  });

  it("pays recurring commissions inside the month window and explains which month it is", () => {
    const model = pct("recurring", 3);
    const third = calculateCommission(model, { amount: 1000, currency: "USD", occurredAt: new Date("2026-04-14T10:00:00Z") }, laterPayment);
    expect(third).toMatchObject({ eligible: true, amount: 250 });
    expect(third.explanation[0]).toContain("month 3 of 3");
    const fourth = calculateCommission(model, { amount: 1000, currency: "USD", occurredAt: new Date("2026-04-15T10:00:00Z") }, laterPayment);
    expect(fourth).toMatchObject({ eligible: false, amount: 0 });
    expect(fourth.explanation[0]).toContain("outside the window");
  });

  it("uses a product override instead of the campaign rate", () => {
    const r = calculateCommission(pct("lifetime"), { amount: 10_000, currency: "USD", occurredAt: first, productId: "prod_team" }, firstPayment, [
      { productId: "prod_team", type: "flat", rateBps: null, amount: 3000 },
    ]);
    expect(r).toMatchObject({ eligible: true, amount: 3000, currency: "USD" });
    expect(r.explanation.join(" ")).toContain("prod_team");
  });

  it("pays flat amounts in the campaign's currency", () => {
    const flat: CommissionModel = { type: "flat", rateBps: null, amount: 1500, currency: "USD", duration: "lifetime", durationMonths: null };
    expect(calculateCommission(flat, { amount: 900, currency: "USD", occurredAt: first }, firstPayment)).toMatchObject({ amount: 1500, currency: "USD" });
  });

  it("never pays in the wrong currency: a sale in another currency than the campaign's is held for review at 0", () => {
    const flat: CommissionModel = { type: "flat", rateBps: null, amount: 50_000, currency: "USD", duration: "lifetime", durationMonths: null };
    const onYen = calculateCommission(flat, { amount: 5, currency: "JPY", occurredAt: first }, firstPayment);
    expect(onYen).toMatchObject({ eligible: true, amount: 0, currency: "USD", review: { rule: "currency_mismatch" } });
    expect(onYen.explanation.join(" ")).toContain("paid in JPY; this campaign pays commissions in USD");
    const onEuro = calculateCommission(pct("lifetime"), { amount: 800_000, currency: "EUR", occurredAt: first }, firstPayment);
    expect(onEuro).toMatchObject({ eligible: true, amount: 0, currency: "USD", review: { rule: "currency_mismatch" } });
    // A product override does not escape the rule either.
    const overridden = calculateCommission(pct("lifetime"), { amount: 800_000, currency: "EUR", occurredAt: first, productId: "p" }, firstPayment, [
      { productId: "p", type: "flat", rateBps: null, amount: 3000 },
    ]);
    expect(overridden).toMatchObject({ amount: 0, currency: "USD", review: { rule: "currency_mismatch" } });
  });

  it("refuses non-integer or non-positive payments", () => {
    expect(calculateCommission(pct("lifetime"), { amount: 10.5, currency: "USD", occurredAt: first }, firstPayment).eligible).toBe(false);
    expect(calculateCommission(pct("lifetime"), { amount: 0, currency: "USD", occurredAt: first }, firstPayment).eligible).toBe(false);
  });
});

describe("months and refunds", () => {
  it("counts whole calendar months", () => {
    expect(monthsBetween(first, new Date("2026-02-15T09:59:59Z"))).toBe(0);
    expect(monthsBetween(first, new Date("2026-02-15T10:00:00Z"))).toBe(1);
    expect(monthsBetween(first, new Date("2027-01-15T10:00:00Z"))).toBe(12);
  });

  it("reverses proportionally and never more than the commission", () => {
    expect(reversalFor(250, 1000, 500)).toBe(125);
    expect(reversalFor(251, 1000, 500)).toBe(126); // 125.5 rounds half up
    expect(reversalFor(250, 1000, 1000)).toBe(250);
    expect(reversalFor(250, 1000, 5000)).toBe(250);
    expect(reversalFor(250, 1000, 0)).toBe(0);
  });
});
