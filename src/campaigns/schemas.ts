import { z } from "@hono/zod-openapi";
import type { campaigns, commissionTiers } from "../infra/db/schema";
import { ATTRIBUTION_MODELS, CAMPAIGN_STATUSES, CAMPAIGN_VISIBILITIES, COMMISSION_DURATIONS, COMMISSION_TYPES, LISTING_STATUSES, TIER_METRICS, TRACKING_EVENT_SOURCES } from "../infra/db/schema";
import { Currency, HttpUrl, MinorAmount, Timestamp } from "../infra/http/schemas";

const CountryCode = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code like US");
const Tag = z.string().min(1).max(40);

const CommissionFields = z.object({
  type: z.enum(COMMISSION_TYPES).openapi({ description: "`percentage` of each payment, or a `flat` amount per payment." }),
  rate_bps: z.number().int().min(1).max(10_000).nullable().optional().openapi({ description: "Percentage in basis points (2500 = 25 %). Required for `percentage`." }),
  amount: MinorAmount.min(1).nullable().optional().openapi({ description: "Flat amount in minor units. Required for `flat`." }),
  currency: Currency,
  duration: z.enum(COMMISSION_DURATIONS).openapi({ description: "Pay on the first payment only, for N months of renewals, or for the customer's lifetime." }),
  duration_months: z.number().int().min(1).max(120).nullable().optional().openapi({ description: "Required for `recurring`." }),
  hold_days: z.number().int().min(0).max(365).default(30).openapi({ description: "Days a commission stays pending (refund window) before approval." }),
  min_payout_amount: MinorAmount.default(0).openapi({ description: "Smallest balance paid out, in minor units." }),
});
type CommissionInput = z.infer<typeof CommissionFields>;

/** The cross-field rules of a commission model, reported against the field to fix. */
export function commissionProblems(c: CommissionInput): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.type === "percentage" && c.rate_bps == null) problems.push({ path: "rate_bps", message: "is required when type is percentage" });
  if (c.type === "percentage" && c.amount != null) problems.push({ path: "amount", message: "must be null when type is percentage" });
  if (c.type === "flat" && c.amount == null) problems.push({ path: "amount", message: "is required when type is flat" });
  if (c.type === "flat" && c.rate_bps != null) problems.push({ path: "rate_bps", message: "must be null when type is flat" });
  if (c.duration === "recurring" && c.duration_months == null) problems.push({ path: "duration_months", message: "is required when duration is recurring" });
  if (c.duration !== "recurring" && c.duration_months != null) problems.push({ path: "duration_months", message: "is only allowed when duration is recurring" });
  return problems;
}

export const Commission = CommissionFields.superRefine((c, ctx) => {
  for (const p of commissionProblems(c)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
}).openapi("CommissionModel");

const TierFields = z.object({
  metric: z.enum(TIER_METRICS).openapi({ description: "Count the creator's credited `sales` in the calendar month (UTC), or their `revenue` (sum of those sales in the campaign currency)." }),
  threshold: z
    .number()
    .int()
    .min(1)
    .max(1_000_000_000_000)
    .openapi({ description: "The tier applies from the sale that reaches it: 11 means the 11th sale of the month; for `revenue`, minor units of the campaign currency." }),
  type: z.enum(COMMISSION_TYPES),
  rate_bps: z.number().int().min(1).max(10_000).nullable().optional().openapi({ description: "Required for `percentage`." }),
  amount: MinorAmount.min(1).nullable().optional().openapi({ description: "Flat amount in minor units of the campaign currency. Required for `flat`." }),
});
type TierInput = z.infer<typeof TierFields>;

/** The rules of a tier list: valid rates, one metric per campaign, thresholds ascending and unique. */
export function tierProblems(tiers: TierInput[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  tiers.forEach((t, i) => {
    if (t.type === "percentage" && t.rate_bps == null) problems.push({ path: `${i}.rate_bps`, message: "is required when type is percentage" });
    if (t.type === "percentage" && t.amount != null) problems.push({ path: `${i}.amount`, message: "must be null when type is percentage" });
    if (t.type === "flat" && t.amount == null) problems.push({ path: `${i}.amount`, message: "is required when type is flat" });
    if (t.type === "flat" && t.rate_bps != null) problems.push({ path: `${i}.rate_bps`, message: "must be null when type is flat" });
    if (i > 0 && t.metric !== tiers[0]!.metric) problems.push({ path: `${i}.metric`, message: `must be ${tiers[0]!.metric} like the first tier: a campaign steps by one metric` });
    if (i > 0 && t.threshold <= tiers[i - 1]!.threshold) problems.push({ path: `${i}.threshold`, message: "must be greater than the previous tier's: thresholds are ascending and unique" });
  });
  return problems;
}

export const Tiers = z
  .array(TierFields)
  .max(10)
  .superRefine((tiers, ctx) => {
    for (const p of tierProblems(tiers)) ctx.addIssue({ code: "custom", path: p.path.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k)), message: p.message });
  })
  .openapi("CommissionTiers", {
    description:
      "Performance tiers: from a number of credited sales (or revenue) of one creator in a calendar month (UTC), a higher rate replaces the base commission for that creator's later sales of the month. A per-product override still wins.",
  });

export const Tier = z.object({
  metric: z.enum(TIER_METRICS),
  threshold: z.number().int(),
  type: z.enum(COMMISSION_TYPES),
  rate_bps: z.number().int().nullable(),
  amount: z.number().int().nullable(),
});
export type Tier = z.infer<typeof Tier>;

const CampaignFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(5000).nullable().optional(),
  destination_url: HttpUrl.openapi({ description: "Where tracking links send visitors; `rk_click` is appended." }),
  landing_page_url: HttpUrl.nullable().optional(),
  cookie_window_days: z.number().int().min(1).max(365).default(30),
  attribution_model: z.enum(ATTRIBUTION_MODELS).default("last_click"),
  visibility: z.enum(CAMPAIGN_VISIBILITIES).default("private").openapi({ description: "`listed` campaigns appear in the creator network once Rekomi staff approve the listing (see `listing`)." }),
  target_markets: z.array(CountryCode).max(250).default([]),
  niches: z.array(Tag).max(20).default([]),
  terms: z.string().max(20_000).nullable().optional(),
  allow_creator_links: z.boolean().default(true).openapi({ description: "Creators in the campaign may make their own tracking links (to the campaign's site only)." }),
};

export const CreateCampaign = z.object({ ...CampaignFields, commission: Commission, tiers: Tiers.default([]) }).openapi("CreateCampaign");
export type CreateCampaign = z.infer<typeof CreateCampaign>;

export const UpdateCampaign = z
  .object({
    name: CampaignFields.name.optional(),
    description: CampaignFields.description,
    destination_url: CampaignFields.destination_url.optional(),
    landing_page_url: CampaignFields.landing_page_url,
    cookie_window_days: z.number().int().min(1).max(365).optional(),
    attribution_model: z.enum(ATTRIBUTION_MODELS).optional(),
    visibility: z.enum(CAMPAIGN_VISIBILITIES).optional(),
    status: z.enum(CAMPAIGN_STATUSES).optional(),
    target_markets: z.array(CountryCode).max(250).optional(),
    niches: z.array(Tag).max(20).optional(),
    terms: CampaignFields.terms,
    allow_creator_links: z.boolean().optional(),
    commission: CommissionFields.partial().optional().openapi({ description: "Fields given replace the current ones; the result must be a valid model." }),
    tiers: Tiers.optional().openapi({ description: "Replaces every tier; `[]` removes them." }),
  })
  .strict()
  .openapi("UpdateCampaign");
export type UpdateCampaign = z.infer<typeof UpdateCampaign>;

/** Rekomi staff's review of the campaign's listing in the network (curated listings). */
export const ListingReview = z
  .object({
    status: z.enum(LISTING_STATUSES).openapi({ description: "`pending`: waiting for Rekomi staff, not shown to creators; `approved`: in the network; `rejected`: see `review_note`." }),
    submitted_at: Timestamp.nullable(),
    reviewed_at: Timestamp.nullable(),
    review_note: z.string().nullable().openapi({ description: "Staff's reason, shown with a rejection." }),
    changes: z.array(z.string()).openapi({ description: "The material terms changed since staff last decided (or since a first listing was submitted): what sent an approved listing back to review. Empty after a decision." }),
  })
  .openapi("ListingReview");

export const Campaign = z
  .object({
    id: z.string().openapi({ example: "cmp_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("campaign"),
    name: z.string(),
    description: z.string().nullable(),
    destination_url: z.string(),
    landing_page_url: z.string().nullable(),
    cookie_window_days: z.number().int(),
    attribution_model: z.enum(ATTRIBUTION_MODELS),
    visibility: z.enum(CAMPAIGN_VISIBILITIES),
    status: z.enum(CAMPAIGN_STATUSES),
    target_markets: z.array(z.string()),
    niches: z.array(z.string()),
    terms: z.string().nullable(),
    allow_creator_links: z.boolean(),
    commission: z.object({
      type: z.enum(COMMISSION_TYPES),
      rate_bps: z.number().int().nullable(),
      amount: z.number().int().nullable(),
      currency: z.string(),
      duration: z.enum(COMMISSION_DURATIONS),
      duration_months: z.number().int().nullable(),
      hold_days: z.number().int(),
      min_payout_amount: z.number().int(),
    }),
    tiers: z.array(Tier).openapi({ description: "Performance tiers, by ascending threshold; the base commission is tier 1." }),
    listing: ListingReview.nullable().openapi({ description: "Staff review of the network listing; null until the campaign is first listed. Only approved listings reach creators." }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Campaign");
export type Campaign = z.infer<typeof Campaign>;

type CampaignRow = typeof campaigns.$inferSelect;

type TierRow = typeof commissionTiers.$inferSelect;

export function serializeTier(t: TierRow): Tier {
  return { metric: t.metric, threshold: t.threshold, type: t.type, rate_bps: t.rateBps, amount: t.amount };
}

/** `tiers`: the campaign's tier rows, by ascending threshold. */
export function serializeCampaign(r: CampaignRow, tiers: TierRow[]): Campaign {
  return {
    id: r.id,
    object: "campaign",
    name: r.name,
    description: r.description,
    destination_url: r.destinationUrl,
    landing_page_url: r.landingPageUrl,
    cookie_window_days: r.cookieWindowDays,
    attribution_model: r.attributionModel,
    visibility: r.visibility,
    status: r.status,
    target_markets: r.targetMarkets,
    niches: r.niches,
    terms: r.terms,
    allow_creator_links: r.allowCreatorLinks,
    commission: {
      type: r.commissionType,
      rate_bps: r.commissionRateBps,
      amount: r.commissionAmount,
      currency: r.currency,
      duration: r.commissionDuration,
      duration_months: r.commissionDurationMonths,
      hold_days: r.holdDays,
      min_payout_amount: r.minPayoutAmount,
    },
    tiers: tiers.map(serializeTier),
    listing: r.listingStatus
      ? {
          status: r.listingStatus,
          submitted_at: r.listingSubmittedAt?.toISOString() ?? null,
          reviewed_at: r.listingReviewedAt?.toISOString() ?? null,
          review_note: r.listingReviewNote,
          changes: r.listingChanges,
        }
      : null,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** Commission input → the row's commission columns. */
export function commissionColumns(c: CommissionInput) {
  return {
    commissionType: c.type,
    commissionRateBps: c.rate_bps ?? null,
    commissionAmount: c.amount ?? null,
    currency: c.currency,
    commissionDuration: c.duration,
    commissionDurationMonths: c.duration_months ?? null,
    holdDays: c.hold_days,
    minPayoutAmount: c.min_payout_amount,
  };
}

/** A product / price pair seen on the brand's sales (GET /gateway-products). */
export const GatewayProduct = z
  .object({
    object: z.literal("gateway_product"),
    product_id: z.string().nullable().openapi({ description: "The sale's `product_id` (S2S) or the gateway's product id." }),
    price_id: z.string().nullable().openapi({ description: "The gateway's price (plan) id, when the sale had one." }),
    source: z.enum(TRACKING_EVENT_SOURCES),
    livemode: z.boolean(),
    sales_count: z.number().int(),
    last_seen_at: Timestamp,
  })
  .openapi("GatewayProduct");
