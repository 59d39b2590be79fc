import { z } from "@hono/zod-openapi";
import { ProfileCard } from "../creators/schemas";
import type { campaigns } from "../infra/db/schema";

export const MatchFactor = z.object({
  factor: z.enum(["niche", "market", "audience", "performance"]),
  points: z.number().int(),
  max: z.number().int(),
  reason: z.string(),
});

export const RecommendedCreator = z
  .object({
    object: z.literal("recommended_creator"),
    affiliate: ProfileCard.pick({ display_name: true, niches: true, countries: true, audience: true }).extend({ id: z.string() }),
    score: z.number().int().openapi({ description: "0 to 100: the sum of the factors' points." }),
    factors: z.array(MatchFactor),
  })
  .openapi("RecommendedCreator");

export const RecommendedQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });
export const RecommendedList = z.object({ data: z.array(RecommendedCreator), has_more: z.boolean(), next_cursor: z.null() });

const CommissionSummary = z.object({
  type: z.enum(["percentage", "flat"]),
  rate_bps: z.number().int().nullable(),
  amount: z.number().int().nullable().openapi({ description: "Minor units of `currency`." }),
  currency: z.string(),
  duration: z.enum(["one_time", "recurring", "lifetime"]),
  duration_months: z.number().int().nullable(),
});

/** A campaign as creators see it: what it pays and whom it wants, never the brand's settings. */
export const NetworkCampaign = z
  .object({
    id: z.string(),
    name: z.string(),
    brand: z.object({ id: z.string(), name: z.string() }),
    description: z.string().nullable(),
    terms: z.string().nullable(),
    niches: z.array(z.string()),
    target_markets: z.array(z.string()),
    cookie_window_days: z.number().int(),
    commission: CommissionSummary,
  })
  .openapi("NetworkCampaign");
export type NetworkCampaign = z.infer<typeof NetworkCampaign>;

export const CampaignMatch = z
  .object({
    object: z.literal("campaign_match"),
    campaign: NetworkCampaign,
    score: z.number().int().openapi({ description: "0 to 100: the sum of the factors' points." }),
    factors: z.array(MatchFactor),
  })
  .openapi("CampaignMatch");

type CampaignRow = typeof campaigns.$inferSelect;

export function serializeNetworkCampaign(c: CampaignRow, brand: { id: string; name: string }): NetworkCampaign {
  return {
    id: c.id,
    name: c.name,
    brand: { id: brand.id, name: brand.name },
    description: c.description,
    terms: c.terms,
    niches: c.niches,
    target_markets: c.targetMarkets,
    cookie_window_days: c.cookieWindowDays,
    commission: {
      type: c.commissionType,
      rate_bps: c.commissionRateBps,
      amount: c.commissionAmount,
      currency: c.currency,
      duration: c.commissionDuration,
      duration_months: c.commissionDurationMonths,
    },
  };
}
