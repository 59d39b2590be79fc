import { describe, expect, it } from "vitest";
import { COMMISSION_CSV_HEADER, commissionCsvLine } from "../../../src/commissions/csv";
import { CLICK_FLOODING, IP_BURST, IP_CLICKS_CAP, REFUND_ABUSE, fraudFlags, normaliseEmail, type FraudSignals } from "../../../src/commissions/fraud";
import type { commissions } from "../../../src/infra/db/schema";

const clean: FraudSignals = {
  affiliateEmail: "casey@creator.test",
  customerEmail: "buyer@example.com",
  click: { id: "clk_x", linkCode: "acme-casey", sameIpClicks: 1 },
  enrollmentClicks: 40,
  enrollmentSales: 2,
  affiliateSales: 10,
  affiliateRefundedSales: 1,
};
const rules = (s: Partial<FraudSignals>) => fraudFlags({ ...clean, ...s }).map((r) => r.rule);

describe("fraud rules", () => {
  it("passes an ordinary sale", () => {
    expect(fraudFlags(clean)).toEqual([]);
  });

  it("normalises addresses the way mailboxes do", () => {
    expect(normaliseEmail("  Casey.Creator+promo@GoogleMail.com ")).toBe("caseycreator@gmail.com");
    expect(normaliseEmail("casey.creator@example.com")).toBe("casey.creator@example.com");
    expect(normaliseEmail("Casey+x@Example.COM")).toBe("casey@example.com");
    expect(normaliseEmail("not-an-address")).toBe("not-an-address");
  });

  it("flags self-referral, and only with both addresses known", () => {
    expect(rules({ customerEmail: "CASEY+shop@creator.test" })).toEqual(["self_referral"]);
    expect(rules({ affiliateEmail: "c.a.s.e.y@gmail.com", customerEmail: "casey@googlemail.com" })).toEqual(["self_referral"]);
    expect(rules({ customerEmail: null })).toEqual([]);
  });

  it("flags an IP burst from its threshold on", () => {
    expect(rules({ click: { id: "clk_x", linkCode: "l", sameIpClicks: IP_BURST.clicks - 1 } })).toEqual([]);
    expect(rules({ click: { id: "clk_x", linkCode: "l", sameIpClicks: IP_BURST.clicks } })).toEqual(["ip_burst"]);
    expect(rules({ click: null })).toEqual([]);
    // Counting stops at the cap (fraud-signals.ts): the reason says "at least".
    expect(fraudFlags({ ...clean, click: { id: "clk_x", linkCode: "l", sameIpClicks: IP_CLICKS_CAP } })[0]!.reason).toContain(`${IP_CLICKS_CAP} or more clicks on link l`);
  });

  it("flags click flooding only with enough clicks and too few sales", () => {
    const min = CLICK_FLOODING.minClicks;
    expect(rules({ enrollmentClicks: min - 1, enrollmentSales: 0 })).toEqual([]);
    expect(rules({ enrollmentClicks: min, enrollmentSales: 0 })).toEqual(["click_flooding"]);
    expect(rules({ enrollmentClicks: CLICK_FLOODING.clicksPerSale * 3, enrollmentSales: 3 })).toEqual([]);
    expect(rules({ enrollmentClicks: CLICK_FLOODING.clicksPerSale * 3 + 1, enrollmentSales: 3 })).toEqual(["click_flooding"]);
  });

  it("flags refund abuse from enough sales at the ratio", () => {
    expect(rules({ affiliateSales: REFUND_ABUSE.minSales - 1, affiliateRefundedSales: REFUND_ABUSE.minSales - 1 })).toEqual([]);
    expect(rules({ affiliateSales: 10, affiliateRefundedSales: 4 })).toEqual([]);
    const flagged = fraudFlags({ ...clean, affiliateSales: 10, affiliateRefundedSales: 5 });
    expect(flagged).toEqual([{ rule: "refund_abuse", reason: "Refund abuse: 5 of the creator's 10 sales in the last 90 days were refunded (50 %; 50 % or more with 5 sales or more)." }]);
  });

  it("reports every rule that fires", () => {
    expect(rules({ customerEmail: clean.affiliateEmail, affiliateSales: 6, affiliateRefundedSales: 6, enrollmentClicks: 5000, enrollmentSales: 1 })).toEqual([
      "self_referral",
      "click_flooding",
      "refund_abuse",
    ]);
  });
});

describe("commission CSV export", () => {
  it("writes amounts as decimals beside minor units, quotes text and never lets a cell become a formula", () => {
    const row = {
      id: "com_1",
      createdAt: new Date("2026-11-25T10:00:00Z"),
      kind: "earning",
      status: "pending",
      amount: -125,
      currency: "USD",
      affiliateId: "aff_1",
      campaignId: "cmp_1",
      conversionId: "cnv_1",
      sourceEventId: "tev_1",
      reversesId: null,
      holdUntil: new Date("2026-12-25T10:00:00Z"),
      heldForReview: true,
      reviewReasons: [{ rule: "self_referral", reason: 'Self-referral: "casey"' }],
      approvedAt: null,
      paidAt: null,
      payoutId: null,
      explanation: { lines: ["line one", "line, two"], inputs: {} },
    } as unknown as typeof commissions.$inferSelect;
    const line = commissionCsvLine({ commission: row, affiliateName: "=HYPERLINK(1)", campaignName: "Pro" });
    expect(COMMISSION_CSV_HEADER.trim().split(",")).toHaveLength(21);
    expect(line).toMatch(/\r\n$/);
    expect(line).toContain(",-1.25,USD,-125,");
    expect(line).toContain(",'=HYPERLINK(1),");
    expect(line).toContain('"Self-referral: ""casey"""');
    expect(line).toContain('"line one\nline, two"');
  });
});
