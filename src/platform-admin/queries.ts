import { and, asc, desc, eq, gt, lt, sql, type AnyColumn } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, brands, users, type NetworkStatus } from "../infra/db/schema";

/** What Rekomi staff see across tenants; every function runs under the platform-admin principal. */

export interface SearchPage {
  limit: number;
  /** The id of the previous page's last row. */
  lastId?: string | undefined;
  /** A case-insensitive prefix of the searched column. */
  q?: string | undefined;
}

/** `q` as a case-insensitive LIKE prefix of `column`, its wildcards escaped. */
function startsWith(column: AnyColumn, q: string | undefined) {
  return q ? sql`lower(${column}) like ${`${q.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`}` : undefined;
}

/** Rows older than the previous page whose `column` starts with `q`. */
const olderMatching = (id: AnyColumn, column: AnyColumn, page: SearchPage) => and(page.lastId ? lt(id, page.lastId) : undefined, startsWith(column, page.q));

/** Accounts by email prefix, newest first (`limit + 1` rows). */
export function searchUsers(tx: Tx, page: SearchPage) {
  return tx.select().from(users).where(olderMatching(users.id, users.email, page)).orderBy(desc(users.id)).limit(page.limit + 1);
}

/** Brands by name prefix, newest first (`limit + 1` rows). */
export function searchBrands(tx: Tx, page: SearchPage) {
  return tx.select().from(brands).where(olderMatching(brands.id, brands.name, page)).orderBy(desc(brands.id)).limit(page.limit + 1);
}

/**
 * Creator profiles by email prefix, newest first (`limit + 1` rows); the network review
 * queue (`pending`) oldest first, so requests are handled in order.
 */
export function searchCreators(tx: Tx, page: SearchPage & { networkStatus?: NetworkStatus | undefined }) {
  const queue = page.networkStatus === "pending";
  return tx
    .select()
    .from(affiliates)
    .where(
      and(
        page.lastId ? (queue ? gt(affiliates.id, page.lastId) : lt(affiliates.id, page.lastId)) : undefined,
        startsWith(affiliates.email, page.q),
        page.networkStatus ? eq(affiliates.networkStatus, page.networkStatus) : undefined,
      ),
    )
    .orderBy(queue ? asc(affiliates.id) : desc(affiliates.id))
    .limit(page.limit + 1);
}

export async function findCreatorProfile(tx: Tx, affiliateId: string) {
  const [row] = await tx.select().from(affiliates).where(eq(affiliates.id, affiliateId));
  return row;
}

/** Records staff's decision on a creator's network listing, with the note shown to the creator. */
export async function setNetworkStatus(tx: Tx, affiliateId: string, status: NetworkStatus, note: string | null) {
  const now = new Date();
  const [row] = await tx
    .update(affiliates)
    .set({ networkStatus: status, networkReviewedAt: now, networkReviewNote: note, updatedAt: now })
    .where(eq(affiliates.id, affiliateId))
    .returning();
  return row!;
}
