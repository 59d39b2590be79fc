import { describe, expect, it } from "vitest";
import type { Campaign } from "../../../web/src/api";
import { bodyOf, draftOf, emptyTier } from "../../../web/src/pages/brand/campaign-draft";

const campaign = (tiers: Campaign["tiers"], currency = "USD"): Campaign => ({
  id: "cmp_01jdx3h5c2v7n9q4r8t6w0y2z1",
  object: "campaign",
  name: "Pro",
  description: null,
  destination_url: "https://shop.example",
  landing_page_url: null,
  cookie_window_days: 30,
  attribution_model: "last_click",
  visibility: "private",
  status: "active",
  target_markets: [],
  niches: [],
  terms: null,
  allow_creator_links: true,
  commission: { type: "percentage", rate_bps: 2000, amount: null, currency, duration: "lifetime", duration_months: null, hold_days: 30, min_payout_amount: 0 },
  tiers,
  listing: null,
  created_at: "2026-11-01T00:00:00.000Z",
  updated_at: "2026-11-01T00:00:00.000Z",
});

/** The campaign form's tiers: typed as people think of them, sent as the API takes them. */
describe("performance tiers in the campaign form", () => {
  it("round-trips sales tiers and revenue tiers in major units of the campaign currency", () => {
    const tiers: Campaign["tiers"] = [
      { metric: "revenue", threshold: 100_000, type: "percentage", rate_bps: 2500, amount: null },
      { metric: "revenue", threshold: 500_050, type: "flat", rate_bps: null, amount: 4000 },
    ];
    const draft = draftOf(campaign(tiers), "USD");
    expect(draft.tier_metric).toBe("revenue");
    expect(draft.tiers).toEqual([
      { threshold: "1000.00", type: "percentage", percent: "25", amount: "" },
      { threshold: "5000.50", type: "flat", percent: "", amount: "40.00" },
    ]);
    expect(bodyOf(draft, true).tiers).toEqual(tiers.map(({ metric, threshold, type, rate_bps, amount }) => ({ metric, threshold, type, rate_bps, amount })));

    const yen = draftOf(campaign([{ metric: "revenue", threshold: 50_000, type: "percentage", rate_bps: 3000, amount: null }], "JPY"), "USD");
    expect(yen.tiers[0]!.threshold).toBe("50000");
    expect(bodyOf(yen, true).tiers[0]!.threshold).toBe(50_000);
  });

  it("sends a new sales tier as a whole count and reports a bad rate under its tier", () => {
    const draft = { ...draftOf(null, "EUR"), name: "New", destination_url: "https://shop.example", percent: "20", tier_metric: "sales" as const, tiers: [{ ...emptyTier(), threshold: "11", percent: "30" }] };
    expect(bodyOf(draft, false).tiers).toEqual([{ metric: "sales", threshold: 11, type: "percentage", rate_bps: 3000, amount: null }]);
    expect(() => bodyOf({ ...draft, tiers: [{ ...emptyTier(), threshold: "11", percent: "300" }] }, false)).toThrow(expect.objectContaining({ param: "tiers.0.rate_bps" }));
    expect(bodyOf({ ...draft, tiers: [] }, false).tiers).toEqual([]);
  });
});
