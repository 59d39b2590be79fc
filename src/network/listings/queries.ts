import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { brands, campaigns, type ListingStatus } from "../../infra/db/schema";

/**
 * Listed campaigns in one review state (platform-admin principal), with their brand. The
 * queue (`pending`) is oldest submission first so requests are handled in order; decided
 * ones newest decision first. `limit + 1` rows; `afterId` is the previous page's last row.
 */
export function listingsInState(tx: Tx, page: { status: ListingStatus; limit: number; afterId?: string | undefined }) {
  const queue = page.status === "pending";
  const at = queue ? campaigns.listingSubmittedAt : campaigns.listingReviewedAt;
  const after = page.afterId
    ? queue
      ? sql`(${at}, ${campaigns.id}) > (select c.listing_submitted_at, c.id from campaigns c where c.id = ${page.afterId})`
      : sql`(${at}, ${campaigns.id}) < (select c.listing_reviewed_at, c.id from campaigns c where c.id = ${page.afterId})`
    : undefined;
  return tx
    .select({ campaign: campaigns, brand: brands })
    .from(campaigns)
    .innerJoin(brands, eq(brands.id, campaigns.brandId))
    .where(and(eq(campaigns.visibility, "listed"), eq(campaigns.listingStatus, page.status), after))
    .orderBy(...(queue ? [asc(at), asc(campaigns.id)] : [desc(at), desc(campaigns.id)]))
    .limit(page.limit + 1);
}

/** One campaign with its brand, whatever its listing state (platform-admin principal). */
export async function findListing(tx: Tx, campaignId: string) {
  const [row] = await tx.select({ campaign: campaigns, brand: brands }).from(campaigns).innerJoin(brands, eq(brands.id, campaigns.brandId)).where(eq(campaigns.id, campaignId));
  return row;
}

/** Records staff's decision (platform-admin principal); who and when are set by the database. */
export async function decideListing(tx: Tx, campaignId: string, decision: "approved" | "rejected", note: string | null) {
  const [row] = await tx.update(campaigns).set({ listingStatus: decision, listingReviewNote: note }).where(eq(campaigns.id, campaignId)).returning();
  return row!;
}
