import { z } from "@hono/zod-openapi";
import { Campaign, serializeCampaign } from "../../campaigns/schemas";
import { serializeOverride } from "../../commissions/overrides";
import { CommissionOverride } from "../../commissions/schemas";
import { LISTING_STATUSES, type brands, type campaigns, type commissionOverrides, type commissionTiers } from "../../infra/db/schema";
import { PageQuery } from "../../infra/http/pagination";
import { CampaignCard, serializeCard } from "../../recruiting/card";

/** What staff review: the brand, the campaign's full terms and destination, and the card creators would see. */
export const AdminListing = z
  .object({
    object: z.literal("campaign_listing"),
    brand: z.object({ id: z.string(), name: z.string(), website_url: z.string().nullable(), status: z.string() }),
    campaign: Campaign,
    product_overrides: z.array(CommissionOverride).openapi({ description: "Per-product rates that replace the campaign's: material terms like the commission itself." }),
    card: CampaignCard.openapi({ description: "The campaign's public card, as creators see it." }),
  })
  .openapi("AdminListing");

export const ListingQuery = PageQuery.extend({
  status: z.enum(LISTING_STATUSES).default("pending").openapi({ description: "`pending`: the review queue, oldest submission first; decided listings newest decision first." }),
});

export const ListingDecision = z
  .object({
    decision: z.enum(["approved", "rejected"]).openapi({ description: "Show the campaign in the network, or keep it out." }),
    reason: z.string().trim().min(1).max(1000).optional().openapi({ description: "Required to reject: shown to the brand on its campaign page and in the email." }),
    campaign_updated_at: z.string().datetime({ offset: true }).openapi({
      description: "The `campaign.updated_at` of the listing as you reviewed it. If the brand changed the campaign since, the decision is refused (409): reload and review the current terms.",
    }),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision === "rejected" && !d.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "is required to reject a listing: the brand sees it" });
  })
  .openapi("ListingDecision");

export function serializeAdminListing(
  row: { campaign: typeof campaigns.$inferSelect; brand: typeof brands.$inferSelect },
  tiers: (typeof commissionTiers.$inferSelect)[],
  overrides: (typeof commissionOverrides.$inferSelect)[],
): z.infer<typeof AdminListing> {
  const { campaign, brand } = row;
  return {
    object: "campaign_listing",
    brand: { id: brand.id, name: brand.name, website_url: brand.websiteUrl, status: brand.status },
    campaign: serializeCampaign(campaign, tiers),
    product_overrides: overrides.map((o) => serializeOverride(o, campaign)),
    card: serializeCard({
      brandId: brand.id,
      brandName: brand.name,
      campaignId: campaign.id,
      campaignName: campaign.name,
      description: campaign.description,
      terms: campaign.terms,
      landingPageUrl: campaign.landingPageUrl,
      commissionType: campaign.commissionType,
      commissionRateBps: campaign.commissionRateBps,
      commissionAmount: campaign.commissionAmount,
      currency: campaign.currency,
      commissionDuration: campaign.commissionDuration,
      commissionDurationMonths: campaign.commissionDurationMonths,
      cookieWindowDays: campaign.cookieWindowDays,
    }),
  };
}
