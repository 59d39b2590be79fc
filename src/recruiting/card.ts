import { z } from "@hono/zod-openapi";
import type { CampaignCard as CardRow } from "../infra/db/lookups";
import { formatMoney } from "../money";

/** What a join page or an invitation shows about a campaign before the creator is in it. */
export const CampaignCard = z
  .object({
    brand_name: z.string(),
    campaign: z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      terms: z.string().nullable(),
      landing_page_url: z.string().nullable(),
      cookie_window_days: z.number().int(),
      commission: z.object({
        type: z.enum(["percentage", "flat"]),
        rate_bps: z.number().int().nullable(),
        amount: z.number().int().nullable(),
        currency: z.string(),
        duration: z.enum(["one_time", "recurring", "lifetime"]),
        duration_months: z.number().int().nullable(),
      }),
      commission_summary: z.string().openapi({ example: "20 % of every payment for 12 months" }),
    }),
  })
  .openapi("CampaignCard");
export type CampaignCard = z.infer<typeof CampaignCard>;

/** One sentence a creator can read: how much, on what, for how long. */
export function commissionSummary(c: Pick<CardRow, "commissionType" | "commissionRateBps" | "commissionAmount" | "currency" | "commissionDuration" | "commissionDurationMonths">): string {
  const what =
    c.commissionType === "percentage"
      ? `${((c.commissionRateBps ?? 0) / 100).toLocaleString("en", { maximumFractionDigits: 2 })} % of`
      : `${formatMoney(c.commissionAmount ?? 0, c.currency)} on`;
  if (c.commissionDuration === "one_time") return `${what} the first payment`;
  if (c.commissionDuration === "lifetime") return `${what} every payment, for the customer's lifetime`;
  return `${what} every payment for ${c.commissionDurationMonths} months`;
}

export function serializeCard(r: CardRow): CampaignCard {
  return {
    brand_name: r.brandName,
    campaign: {
      id: r.campaignId,
      name: r.campaignName,
      description: r.description,
      terms: r.terms,
      landing_page_url: r.landingPageUrl,
      cookie_window_days: r.cookieWindowDays,
      commission: {
        type: r.commissionType,
        rate_bps: r.commissionRateBps,
        amount: r.commissionAmount,
        currency: r.currency,
        duration: r.commissionDuration,
        duration_months: r.commissionDurationMonths,
      },
      commission_summary: commissionSummary(r),
    },
  };
}
