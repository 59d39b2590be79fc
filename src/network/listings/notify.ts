import { and, eq, inArray } from "drizzle-orm";
import { MATERIAL_TERM_LABELS, type MaterialTerm } from "../../campaigns/listing";
import { enqueueEmail } from "../../email/outbox";
import type { EmailContent } from "../../email/templates";
import type { AppConfig } from "../../infra/app/config";
import type { Tx } from "../../infra/db/client";
import { brandMembers, users, type campaigns } from "../../infra/db/schema";
import { listingApproved, listingBackToReview, listingRejected } from "./emails";

export type ListingNews = { kind: "approved" } | { kind: "rejected"; reason: string } | { kind: "back_to_review"; changes: MaterialTerm[] };

/**
 * Emails the brand's owners and admins (who may change the campaign) about its listing,
 * through the brand's outbox in the caller's transaction (brand principal).
 */
export async function tellBrandAboutListing(
  tx: Tx,
  config: Pick<AppConfig, "APP_ORIGIN" | "EMAIL_TRANSPORT">,
  campaign: Pick<typeof campaigns.$inferSelect, "id" | "brandId" | "name">,
  news: ListingNews,
): Promise<void> {
  const url = `${config.APP_ORIGIN}/brands/${campaign.brandId}/campaigns/${campaign.id}/settings`;
  const content: EmailContent =
    news.kind === "approved"
      ? listingApproved({ campaignName: campaign.name, url })
      : news.kind === "rejected"
        ? listingRejected({ campaignName: campaign.name, reason: news.reason, url })
        : listingBackToReview({ campaignName: campaign.name, changes: news.changes.map((c) => MATERIAL_TERM_LABELS[c]), url });
  const managers = await tx
    .select({ email: users.email })
    .from(brandMembers)
    .innerJoin(users, eq(users.id, brandMembers.userId))
    .where(and(eq(brandMembers.brandId, campaign.brandId), inArray(brandMembers.role, ["owner", "admin"])));
  for (const m of managers) await enqueueEmail(tx, config, { brandId: campaign.brandId, to: m.email, content });
}
