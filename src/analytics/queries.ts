import { and, eq, gte, isNotNull, lt, lte, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { Tx } from "../infra/db/client";
import { affiliates, campaignDailyClicks, campaignDailyConversions, conversionDailyStats, conversionMonthlyStats, linkDailyClicks } from "../infra/db/schema";

/**
 * Brand analytics from rollups, never the raw rows: clicks per link and per campaign
 * (link_daily_clicks, campaign_daily_clicks, kept by the clicks consumer) and credited
 * conversions per creator and per campaign (conversion_daily_stats,
 * campaign_daily_conversions, kept by triggers on conversions), by UTC day; the top
 * creators also from conversion_monthly_stats for the months a range spans. The brand's
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

/** The first day of `day`'s month, and of the month after it (`YYYY-MM-DD`). */
function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
function nextMonth(day: string): string {
  const d = new Date(`${monthOf(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}
/** `day` moved by `n` days. */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/**
 * How to sum the range [from, to] from both rollups: the calendar months wholly inside it
 * from the monthly rollup (one contiguous range [monthsFrom, monthsTo)), the days of the
 * months it covers in part from the daily one. So a year reads 11 or 12 months and about a
 * month of days. (Taking a partly covered month whole less its days out of range reads
 * fewer rows on paper, but measured slower: bench analytics phase at 100 k conversions,
 * 30-day ranking SQL median 38 ms against 17 ms this way.)
 */
export function rangePlan(from: string, to: string) {
  const plus: [string, string][] = [];
  let monthsFrom: string | undefined;
  let monthsTo: string | undefined;
  for (let m = monthOf(from); m <= to; m = nextMonth(m)) {
    const end = addDays(nextMonth(m), -1);
    const lo = from > m ? from : m;
    const hi = to < end ? to : end;
    if (lo > m || hi < end) {
      plus.push([lo, hi]);
      continue;
    }
    monthsFrom ??= m;
    monthsTo = nextMonth(m);
  }
  return { months: monthsFrom && monthsTo ? ([monthsFrom, monthsTo] as const) : undefined, plus };
}

/**
 * The per-creator rollup rows that sum to the range (see rangePlan), as affiliate, type,
 * currency, count and amount. Both rollups hold the same sums (one trigger statement keeps
 * them), so any range sums the same either way.
 */
function creatorStatsIn(tx: Tx, f: AnalyticsFilters) {
  const plan = rangePlan(f.from, f.to);
  const m = conversionMonthlyStats;
  const d = conversionDailyStats;
  const daily = ([from, to]: [string, string]) =>
    tx
      .select({ affiliateId: d.affiliateId, type: d.type, currency: d.currency, count: sql<number>`${d.count}`.as("count"), amount: sql<number>`${d.amount}`.as("amount") })
      .from(d)
      .where(statsIn({ ...f, from, to }));
  const branches = plan.plus.map(daily);
  if (plan.months) {
    const [from, to] = plan.months;
    const months = tx
      .select({ affiliateId: m.affiliateId, type: m.type, currency: m.currency, count: sql<number>`${m.count}`.as("count"), amount: sql<number>`${m.amount}`.as("amount") })
      .from(m)
      .where(
        and(
          eq(m.brandId, f.brandId),
          eq(m.livemode, f.livemode),
          gte(m.month, from),
          lt(m.month, to),
          f.campaignId ? eq(m.campaignId, f.campaignId) : undefined,
          f.affiliateId ? eq(m.affiliateId, f.affiliateId) : undefined,
        ),
      );
    // The same fields in the same order as the daily branches (a union matches them by position).
    branches.push(months as unknown as (typeof branches)[number]);
  }
  const [first, second, ...rest] = branches;
  return (second ? unionAll(first!, second, ...rest) : first!).as("stats");
}

/** Creators by net revenue (sales minus refunds and disputes) per currency, best first, at most `limit` per currency. */
export async function topAffiliates(tx: Tx, f: AnalyticsFilters, limit: number) {
  const stats = creatorStatsIn(tx, f);
  const amountOf = (type: SeriesType) => sql<string>`coalesce(sum(${stats.amount}) filter (where ${stats.type} = ${type}), 0)`;
  const sales = amountOf("sale");
  const refunds = amountOf("refund");
  const disputed = amountOf("dispute");
  const net = sql`${sales} - ${refunds} - ${disputed}`;
  const ranked = tx
    .select({
      affiliateId: sql<string>`${stats.affiliateId}`.as("affiliate_id"),
      currency: sql<string>`${stats.currency}`.as("currency"),
      saleCount: sql<number>`coalesce(sum(${stats.count}) filter (where ${stats.type} = 'sale'), 0)`.as("sale_count"),
      salesAmount: sql<string>`${sales}::text`.as("sales_amount"),
      refundsAmount: sql<string>`${refunds}::text`.as("refunds_amount"),
      disputesAmount: sql<string>`${disputed}::text`.as("disputes_amount"),
      netAmount: sql<string>`(${net})::text`.as("net_amount"),
      rank: sql<number>`row_number() over (partition by ${stats.currency} order by ${net} desc, ${stats.affiliateId})`.as("rank"),
    })
    .from(stats)
    .where(isNotNull(stats.currency))
    .groupBy(stats.affiliateId, stats.currency)
    // Rows a move brought back to zero stay: a creator whose conversions all moved away is not ranked.
    .having(sql`sum(${stats.count}) <> 0 or sum(${stats.amount}) <> 0`)
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
      // Clicks only of the creators ranked (by their index), in the same statement: a
      // subquery per row the rank filter kept, not per creator in range. Qualified by hand:
      // drizzle writes a subquery's aliased field unqualified, which here would name the
      // subquery's own link_daily_clicks.affiliate_id.
      clicks: sql`(select coalesce(sum(${linkDailyClicks.clicks}), 0) from ${linkDailyClicks} where ${and(clicksIn(f), sql`${linkDailyClicks.affiliateId} = "ranked"."affiliate_id"`)})`.mapWith(Number),
    })
    .from(ranked)
    .leftJoin(affiliates, eq(affiliates.id, ranked.affiliateId))
    .where(lte(ranked.rank, limit))
    .orderBy(ranked.currency, ranked.rank);
  return rows.map((r) => ({
    affiliateId: r.affiliateId,
    displayName: r.displayName ?? r.affiliateId,
    currency: r.currency,
    sales: Number(r.saleCount),
    salesAmount: minorSum(r.salesAmount),
    refundsAmount: minorSum(r.refundsAmount),
    disputesAmount: minorSum(r.disputesAmount),
    netAmount: minorSum(r.netAmount),
    clicks: r.clicks,
  }));
}
