import { and, desc, eq, gte, lt } from "drizzle-orm";
import type { Tx } from "../db/client";
import { conversions, type ConversionType } from "../db/schema";

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
