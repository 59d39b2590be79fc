import { and, eq, gte, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, campaignDailyClicks, campaignDailyConversions, conversionDailyStats, linkDailyClicks } from "../infra/db/schema";

/**
 * Brand analytics from daily rollups, never the raw rows: clicks per link and per campaign
 * (link_daily_clicks, campaign_daily_clicks, kept by the clicks consumer) and credited
 * conversions per creator and per campaign (conversion_daily_stats,
 * campaign_daily_conversions, kept by triggers on conversions), by UTC day. The brand's
 * series reads the per-campaign rows; one creator and the top creators read per-creator rows. Money stays integer minor units per currency:
 * Postgres sums the bigints exactly and hands them over as text.
 *
 * Conversions are live or test-mode, never both. Clicks have no mode (one link serves a
 * brand's test checkouts and its real ones), so both modes show the same clicks.
 *
 * Disputes count against revenue like refunds, on the day of each phase: `opened` (the
 * money was taken back) subtracts its amount, `won` (it came back) adds it again, `lost`
 * moves nothing (the money left when the dispute opened). A dispute won on a later day
 * therefore shows as a negative dispute amount on that day, and the two cancel out in
 * any range that holds both.
 */

export interface AnalyticsFilters {
  brandId: string;
  /** First and last UTC day, `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  campaignId?: string | undefined;
  affiliateId?: string | undefined;
  /** Live or test-mode conversions (clicks have no mode). */
  livemode: boolean;
}

/** An exact sum of minor units, as Postgres returns it (text), to a safe integer. */
export function minorSum(text: string | null): number {
  const value = BigInt(text ?? "0");
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError(`amount ${text} exceeds what JSON numbers hold exactly`);
  return Number(value);
}

function clicksIn(f: AnalyticsFilters): SQL | undefined {
  return and(
    eq(linkDailyClicks.brandId, f.brandId),
    gte(linkDailyClicks.day, f.from),
    lte(linkDailyClicks.day, f.to),
    f.campaignId ? eq(linkDailyClicks.campaignId, f.campaignId) : undefined,
    f.affiliateId ? eq(linkDailyClicks.affiliateId, f.affiliateId) : undefined,
  );
}

/**
 * Clicks per day: for one creator from its links' rollups, otherwise from the per-campaign
 * rollup (a few rows per day however many links the brand has).
 */
export async function clicksPerDay(tx: Tx, f: AnalyticsFilters): Promise<{ day: string; clicks: number }[]> {
  if (f.affiliateId) {
    return tx
      .select({ day: linkDailyClicks.day, clicks: sql`sum(${linkDailyClicks.clicks})`.mapWith(Number) })
      .from(linkDailyClicks)
      .where(clicksIn(f))
      .groupBy(linkDailyClicks.day);
  }
  return tx
    .select({ day: campaignDailyClicks.day, clicks: sql`sum(${campaignDailyClicks.clicks})`.mapWith(Number) })
    .from(campaignDailyClicks)
    .where(
      and(
        eq(campaignDailyClicks.brandId, f.brandId),
        gte(campaignDailyClicks.day, f.from),
        lte(campaignDailyClicks.day, f.to),
        f.campaignId ? eq(campaignDailyClicks.campaignId, f.campaignId) : undefined,
      ),
    )
    .groupBy(campaignDailyClicks.day);
}

export type SeriesType = "lead" | "sale" | "refund" | "dispute";

/**
 * The conversion rollups in range (conversion_daily_stats, kept by triggers on conversions):
 * only credited leads, sales, refunds and disputes are in it, `count` counts disputes
 * opened, and `amount` is a dispute's net take-back (opened less won).
 */
function statsIn(f: AnalyticsFilters): SQL | undefined {
  return and(
    eq(conversionDailyStats.brandId, f.brandId),
    eq(conversionDailyStats.livemode, f.livemode),
    gte(conversionDailyStats.day, f.from),
    lte(conversionDailyStats.day, f.to),
    f.campaignId ? eq(conversionDailyStats.campaignId, f.campaignId) : undefined,
    f.affiliateId ? eq(conversionDailyStats.affiliateId, f.affiliateId) : undefined,
  );
}

const amountOf = (type: SeriesType) => sql<string>`coalesce(sum(${conversionDailyStats.amount}) filter (where ${conversionDailyStats.type} = ${type}), 0)`;

/**
 * Credited leads, sales, refunds and disputes per day, type and currency (leads have no
 * currency). For disputes `count` is the disputes opened and `amount` what they took back
 * net of those won (negative on a day more came back than was taken).
 */
export async function conversionsPerDay(tx: Tx, f: AnalyticsFilters) {
  // One creator: its own rollup rows; otherwise the same sums without the creator.
  const t = f.affiliateId ? conversionDailyStats : campaignDailyConversions;
  const rows = await tx
    .select({
      day: t.day,
      type: t.type,
      currency: t.currency,
      count: sql`sum(${t.count})`.mapWith(Number),
      amount: sql<string | null>`sum(${t.amount})::text`,
    })
    .from(t)
    .where(
      f.affiliateId
        ? statsIn(f)
        : and(
            eq(campaignDailyConversions.brandId, f.brandId),
            eq(campaignDailyConversions.livemode, f.livemode),
            gte(campaignDailyConversions.day, f.from),
            lte(campaignDailyConversions.day, f.to),
            f.campaignId ? eq(campaignDailyConversions.campaignId, f.campaignId) : undefined,
          ),
    )
    .groupBy(t.day, t.type, t.currency)
    // A rollup row a move brought back to zero stays (rows are never deleted): not a day's activity.
    .having(sql`sum(${t.count}) <> 0 or sum(${t.amount}) <> 0`);
  return rows.map((r) => ({ day: r.day, type: r.type as SeriesType, currency: r.currency, count: r.count, amount: minorSum(r.amount) }));
}

/** Creators by net revenue (sales minus refunds and disputes) per currency, best first, at most `limit` per currency. */
export async function topAffiliates(tx: Tx, f: AnalyticsFilters, limit: number) {
  const sales = amountOf("sale");
  const refunds = amountOf("refund");
  const disputed = amountOf("dispute");
  const net = sql`${sales} - ${refunds} - ${disputed}`;
  const ranked = tx
    .select({
      affiliateId: sql<string>`${conversionDailyStats.affiliateId}`.as("affiliate_id"),
      currency: sql<string>`${conversionDailyStats.currency}`.as("currency"),
      saleCount: sql<number>`coalesce(sum(${conversionDailyStats.count}) filter (where ${conversionDailyStats.type} = 'sale'), 0)`.as("sale_count"),
      salesAmount: sql<string>`${sales}::text`.as("sales_amount"),
      refundsAmount: sql<string>`${refunds}::text`.as("refunds_amount"),
      disputesAmount: sql<string>`${disputed}::text`.as("disputes_amount"),
      netAmount: sql<string>`(${net})::text`.as("net_amount"),
      rank: sql<number>`row_number() over (partition by ${conversionDailyStats.currency} order by ${net} desc, ${conversionDailyStats.affiliateId})`.as("rank"),
    })
    .from(conversionDailyStats)
    .where(and(statsIn(f), isNotNull(conversionDailyStats.currency)))
    .groupBy(conversionDailyStats.affiliateId, conversionDailyStats.currency)
    // Rows a move brought back to zero stay: a creator whose conversions all moved away is not ranked.
    .having(sql`sum(${conversionDailyStats.count}) <> 0 or sum(${conversionDailyStats.amount}) <> 0`)
    .as("ranked");
  const rows = await tx
    .select({
      affiliateId: ranked.affiliateId,
      displayName: affiliates.displayName,
      currency: ranked.currency,
      saleCount: ranked.saleCount,
      salesAmount: ranked.salesAmount,
      refundsAmount: ranked.refundsAmount,
      disputesAmount: ranked.disputesAmount,
      netAmount: ranked.netAmount,
    })
    .from(ranked)
    .leftJoin(affiliates, eq(affiliates.id, ranked.affiliateId))
    .where(lte(ranked.rank, limit))
    .orderBy(ranked.currency, ranked.rank);
  // Clicks only of the creators ranked (by their index), not of every creator in range.
  const ids = [...new Set(rows.map((r) => r.affiliateId))];
  const clicks =
    ids.length === 0
      ? []
      : await tx
          .select({ affiliateId: linkDailyClicks.affiliateId, clicks: sql`sum(${linkDailyClicks.clicks})`.mapWith(Number) })
          .from(linkDailyClicks)
          .where(and(clicksIn(f), inArray(linkDailyClicks.affiliateId, ids)))
          .groupBy(linkDailyClicks.affiliateId);
  const clicksBy = new Map(clicks.map((c) => [c.affiliateId, c.clicks]));
  return rows.map((r) => ({
    affiliateId: r.affiliateId,
    displayName: r.displayName ?? r.affiliateId,
    currency: r.currency,
    sales: Number(r.saleCount),
    salesAmount: minorSum(r.salesAmount),
    refundsAmount: minorSum(r.refundsAmount),
    disputesAmount: minorSum(r.disputesAmount),
    netAmount: minorSum(r.netAmount),
    clicks: clicksBy.get(r.affiliateId) ?? 0,
  }));
}
