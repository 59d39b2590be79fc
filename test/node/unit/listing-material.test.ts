import { describe, expect, it } from "vitest";
import { MATERIAL_TERMS, MATERIAL_TERM_LABELS, materialChanges } from "../../../src/campaigns/listing";
import type { campaigns, commissionTiers } from "../../../src/infra/db/schema";

type CampaignRow = typeof campaigns.$inferSelect;
type TierRow = typeof commissionTiers.$inferSelect;

const base: CampaignRow = {
  id: "cmp_01jdx3h5c2v7n9q4r8t6w0y2z1",
  brandId: "brd_01jdx3h5c2v7n9q4r8t6w0y2z1",
  name: "Pro",
  description: null,
  destinationUrl: "https://shop.example/pricing",
  landingPageUrl: null,
  cookieWindowDays: 30,
  attributionModel: "last_click",
  visibility: "listed",
  status: "active",
  targetMarkets: [],
  niches: [],
  terms: "No paid search.",
  allowCreatorLinks: true,
  commissionType: "percentage",
  commissionRateBps: 2000,
  commissionAmount: null,
  commissionDuration: "recurring",
  commissionDurationMonths: 12,
  holdDays: 30,
  minPayoutAmount: 0,
  currency: "USD",
  listingStatus: "approved",
  listingSubmittedAt: null,
  listingReviewedAt: null,
  listingReviewedBy: null,
  listingReviewNote: null,
  listingChanges: [],
  createdAt: new Date(0),
  updatedAt: new Date(0),
};
const tier: TierRow = { brandId: base.brandId, campaignId: base.id, metric: "sales", threshold: 10, type: "percentage", rateBps: 3000, amount: null, createdAt: new Date(0) };
const diff = (after: Partial<CampaignRow>, tiers: { before?: TierRow[]; after?: TierRow[] } = {}) =>
  materialChanges({ campaign: base, tiers: tiers.before ?? [] }, { campaign: { ...base, ...after }, tiers: tiers.after ?? [] });

/** What sends an approved listing back to staff review (docs/creators.md, "Curated campaign listings"). */
describe("material changes of a listed campaign", () => {
  it("names each term a creator relies on", () => {
    expect(diff({ commissionRateBps: 1000 })).toEqual(["commission"]);
    expect(diff({ commissionDurationMonths: 6 })).toEqual(["recurring_duration"]);
    expect(diff({ currency: "EUR" })).toEqual(["currency"]);
    expect(diff({ holdDays: 60, minPayoutAmount: 5000 })).toEqual(["hold_days", "min_payout_amount"]);
    expect(diff({ cookieWindowDays: 7, attributionModel: "first_click" })).toEqual(["cookie_window_days", "attribution_model"]);
    expect(diff({ destinationUrl: "https://other.example/pricing" })).toEqual(["destination_domain"]);
    expect(diff({ terms: "Coupon sites welcome." })).toEqual(["terms"]);
    expect(diff({}, { after: [tier] })).toEqual(["tiers"]);
    expect(diff({}, { before: [tier], after: [{ ...tier, rateBps: 2500 }] })).toEqual(["tiers"]);
  });

  it("ignores what only changes how the campaign reads", () => {
    expect(diff({ name: "Pro+", description: "New words", niches: ["saas"], targetMarkets: ["US"], landingPageUrl: "https://shop.example/", allowCreatorLinks: false, status: "paused" })).toEqual([]);
    expect(diff({ destinationUrl: "https://SHOP.example/new-path?x=1" })).toEqual([]);
    expect(diff({ terms: " No paid search.  " })).toEqual([]);
    expect(diff({}, { before: [tier], after: [{ ...tier, createdAt: new Date(1) }] })).toEqual([]);
  });

  it("counts per-product rates as material, though a campaign update never changes them", () => {
    expect(MATERIAL_TERMS).toContain("product_overrides");
    expect(MATERIAL_TERM_LABELS.product_overrides).toBe("per-product commission rates");
    // They live in their own table: only the override endpoints report them (materialTermChanged).
    expect(diff({ commissionRateBps: 1000 })).not.toContain("product_overrides");
  });
});
