import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { brands, campaigns, commissionOverrides, type ListingStatus } from "../../infra/db/schema";

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

/** The per-product rates of these campaigns (platform-admin principal), by campaign id. */
export async function overridesOf(tx: Tx, campaignIds: string[]) {
  const out = new Map<string, (typeof commissionOverrides.$inferSelect)[]>();
  if (campaignIds.length === 0) return out;
  const rows = await tx.select().from(commissionOverrides).where(inArray(commissionOverrides.campaignId, campaignIds)).orderBy(asc(commissionOverrides.productId));
  for (const r of rows) out.set(r.campaignId, [...(out.get(r.campaignId) ?? []), r]);
  return out;
}

/**
 * Records staff's decision (platform-admin principal) on the version of the campaign they
 * reviewed: `seen` is its `updated_at` as they loaded it (milliseconds, as the API shows
 * it). If the brand changed anything since, no row matches and nothing is decided
 * (undefined): staff must look at the current terms. Who and when are set by the database.
 */
export async function decideListing(tx: Tx, campaignId: string, decision: "approved" | "rejected", note: string | null, seen: Date) {
  const [row] = await tx
    .update(campaigns)
    .set({ listingStatus: decision, listingReviewNote: note, updatedAt: new Date() })
    .where(and(eq(campaigns.id, campaignId), sql`date_trunc('milliseconds', ${campaigns.updatedAt}) = ${seen.toISOString()}::timestamptz`))
    .returning();
  return row;
}
