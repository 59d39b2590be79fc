import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, campaigns, conversions, type ConversionType } from "../infra/db/schema";

export interface ConversionFilters {
  type?: ConversionType | undefined;
  affiliateId?: string | undefined;
  campaignId?: string | undefined;
  createdGte?: Date | undefined;
  createdLt?: Date | undefined;
}

/** Newest first, `limit + 1` rows. */
export function listConversions(tx: Tx, filters: ConversionFilters, opts: { limit: number; before?: string | undefined }) {
  return tx
    .select()
    .from(conversions)
    .where(
      and(
        filters.type ? eq(conversions.type, filters.type) : undefined,
        filters.affiliateId ? eq(conversions.affiliateId, filters.affiliateId) : undefined,
        filters.campaignId ? eq(conversions.campaignId, filters.campaignId) : undefined,
        filters.createdGte ? gte(conversions.createdAt, filters.createdGte) : undefined,
        filters.createdLt ? lt(conversions.createdAt, filters.createdLt) : undefined,
        opts.before ? lt(conversions.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(conversions.id))
    .limit(opts.limit + 1);
}

export async function findConversion(tx: Tx, id: string) {
  const [row] = await tx.select().from(conversions).where(eq(conversions.id, id));
  return row;
}

/** The campaign and creator names of some conversions, for people reading them (dashboard, CSV). */
export async function conversionNames(tx: Tx, rows: { campaignId: string | null; affiliateId: string | null }[]) {
  const campaignIds = [...new Set(rows.flatMap((r) => (r.campaignId ? [r.campaignId] : [])))];
  const affiliateIds = [...new Set(rows.flatMap((r) => (r.affiliateId ? [r.affiliateId] : [])))];
  const campaignRows = campaignIds.length ? await tx.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(inArray(campaigns.id, campaignIds)) : [];
  const affiliateRows = affiliateIds.length
    ? await tx.select({ id: affiliates.id, name: affiliates.displayName }).from(affiliates).where(inArray(affiliates.id, affiliateIds))
    : [];
  return { campaigns: new Map(campaignRows.map((r) => [r.id, r.name])), affiliates: new Map(affiliateRows.map((r) => [r.id, r.name])) };
}
