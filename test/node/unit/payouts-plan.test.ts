import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chargeFor, feeOn } from "../../../src/payouts/fees";
import { planRun, type CreatorFacts, type PlannableCommission } from "../../../src/payouts/plan";

const ready: CreatorFacts = { stripeAccountId: "acct_1", transfersActive: true, taxFormAllows: true };
const c = (id: string, affiliateId: string, amount: number, currency = "USD"): PlannableCommission => ({ id, affiliateId, amount, currency });

describe("planRun", () => {
  it("nets per creator in the policy currency and gives the first reason a creator can act on", () => {
    const creators = new Map<string, CreatorFacts>([
      ["aff_a", ready],
      ["aff_b", { ...ready, transfersActive: false }],
      ["aff_c", { ...ready, taxFormAllows: false }],
      ["aff_d", ready],
    ]);
    const lines = planRun({ currency: "USD", minimumAmount: 1_000 }, [c("com_1", "aff_a", 3_000), c("com_2", "aff_a", -500), c("com_9", "aff_a", 9_999, "EUR"), c("com_3", "aff_b", 2_000), c("com_4", "aff_c", 900), c("com_5", "aff_c", 200), c("com_6", "aff_d", 500), c("com_7", "aff_e", 4_000), c("com_8", "aff_d", -600)], creators);
    expect(lines.map((l) => [l.affiliateId, l.amount, l.skipReason, l.commissionIds])).toEqual([
      ["aff_a", 2_500, null, ["com_1", "com_2"]],
      ["aff_b", 2_000, "payouts_not_enabled", ["com_3"]],
      ["aff_c", 1_100, "tax_form_required", ["com_4", "com_5"]],
      ["aff_d", -100, "nothing_due", ["com_6", "com_8"]],
      ["aff_e", 4_000, "no_payout_account", ["com_7"]],
    ]);
  });

  it("never loses or invents a cent: every commission of the currency is on exactly one line, and lines sum to it", () => {
    const commission = fc.record({ affiliateId: fc.constantFrom("aff_a", "aff_b", "aff_c"), amount: fc.integer({ min: -5_000, max: 5_000 }), currency: fc.constantFrom("USD", "EUR") });
    fc.assert(
      fc.property(fc.array(commission, { maxLength: 30 }), fc.integer({ min: 0, max: 3_000 }), (list, minimumAmount) => {
        const commissions = list.map((x, i) => ({ ...x, id: `com_${i}` }));
        const lines = planRun({ currency: "USD", minimumAmount }, commissions, new Map([["aff_a", ready]]));
        const usd = commissions.filter((x) => x.currency === "USD");
        expect(lines.flatMap((l) => l.commissionIds).sort()).toEqual(usd.map((x) => x.id).sort());
        expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(usd.reduce((s, x) => s + x.amount, 0));
        for (const l of lines) if (l.skipReason === null) expect(l.amount).toBeGreaterThanOrEqual(Math.max(1, minimumAmount));
      }),
    );
  });
});

describe("chargeFor", () => {
  it("charges the smallest amount that leaves the transfers after Stripe's fee", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom("card" as const, "us_bank_account" as const, "sepa_debit" as const), (transfers, method) => {
        const { charge, fee } = chargeFor(transfers, method);
        expect(fee).toBe(feeOn(charge, method));
        expect(charge - fee).toBeGreaterThanOrEqual(transfers);
        expect(charge - 1 - feeOn(charge - 1, method)).toBeLessThan(transfers);
      }),
    );
  });
});
