import { and, desc, eq, gte, lt } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, campaigns, conversions, type ConversionType } from "../infra/db/schema";

export interface ConversionFilters {
  /**
   * The brand whose list this is. RLS already limits rows to the principal's; saying the
   * brand in the query as well lets Postgres walk that brand's (brand_id, id) index instead
   * of every brand's ids newest first (a small brand in a large table).
   */
  brandId?: string | undefined;
  type?: ConversionType | undefined;
  affiliateId?: string | undefined;
  campaignId?: string | undefined;
  createdGte?: Date | undefined;
  createdLt?: Date | undefined;
}

/** A list's filters always say live or test-mode conversions: a list never mixes them. */
export type ConversionListFilters = ConversionFilters & { livemode: boolean };

/** Conversions with the campaign and creator names people recognise (those the principal may see). */
function selectNamed(tx: Tx) {
  return tx
    .select({ conversion: conversions, campaignName: campaigns.name, affiliateName: affiliates.displayName })
    .from(conversions)
    .leftJoin(campaigns, eq(campaigns.id, conversions.campaignId))
    .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId));
}

/** Newest first, `limit + 1` rows, each with its names. */
export function listConversions(tx: Tx, filters: ConversionListFilters, opts: { limit: number; before?: string | undefined }) {
  return selectNamed(tx)
    .where(
      and(
        eq(conversions.livemode, filters.livemode),
        filters.brandId ? eq(conversions.brandId, filters.brandId) : undefined,
        filters.type ? eq(conversions.type, filters.type) : undefined,
        filters.affiliateId ? eq(conversions.affiliateId, filters.affiliateId) : undefined,
        filters.campaignId ? eq(conversions.campaignId, filters.campaignId) : undefined,
        filters.createdGte ? gte(conversions.createdAt, filters.createdGte) : undefined,
        filters.createdLt ? lt(conversions.createdAt, filters.createdLt) : undefined,
        opts.before ? lt(conversions.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(conversions.id))
    .limit(opts.limit + 1)
    .then((rows) => rows.map((r) => ({ id: r.conversion.id, ...r })));
}

/** One conversion with its names. */
export async function findConversion(tx: Tx, id: string) {
  const [row] = await selectNamed(tx).where(eq(conversions.id, id));
  return row;
}
