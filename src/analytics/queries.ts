import { and, eq, gte, inArray, isNotNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, conversions, linkDailyClicks } from "../infra/db/schema";

/**
 * Brand analytics from the daily click rollups and the credited conversions (those
 * attributed to a creator), by UTC day. Money stays integer minor units per currency:
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

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

function creditedIn(f: AnalyticsFilters): SQL | undefined {
  return and(
    eq(conversions.brandId, f.brandId),
    isNotNull(conversions.affiliateId),
    eq(conversions.livemode, f.livemode),
    gte(conversions.occurredAt, new Date(`${f.from}T00:00:00Z`)),
    lt(conversions.occurredAt, dayAfter(f.to)),
    f.campaignId ? eq(conversions.campaignId, f.campaignId) : undefined,
    f.affiliateId ? eq(conversions.affiliateId, f.affiliateId) : undefined,
  );
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

export async function clicksPerDay(tx: Tx, f: AnalyticsFilters): Promise<{ day: string; clicks: number }[]> {
  return tx
    .select({ day: linkDailyClicks.day, clicks: sql`sum(${linkDailyClicks.clicks})`.mapWith(Number) })
    .from(linkDailyClicks)
    .where(clicksIn(f))
    .groupBy(linkDailyClicks.day);
}

const utcDay = sql<string>`to_char(${conversions.occurredAt} at time zone 'UTC', 'YYYY-MM-DD')`;

const SERIES_TYPES = ["lead", "sale", "refund", "dispute"] as const;
export type SeriesType = (typeof SERIES_TYPES)[number];

/** How a dispute phase's amount counts as money taken back: opened takes it, won returns it, lost changes nothing more. */
const disputeSign = sql`case ${conversions.kind} when 'opened' then 1 when 'won' then -1 else 0 end`;
/** The net amount disputes took back (opened less won). */
const disputed = sql`coalesce(sum(${conversions.amount} * ${disputeSign}) filter (where ${conversions.type} = 'dispute'), 0)`;

/**
 * Credited leads, sales, refunds and disputes per day, type and currency (leads have no
 * currency). For disputes `count` is the disputes opened and `amount` what they took back
 * net of those won (negative on a day more came back than was taken).
 */
export async function conversionsPerDay(tx: Tx, f: AnalyticsFilters) {
  const rows = await tx
    .select({
      day: utcDay,
      type: conversions.type,
      currency: conversions.currency,
      count: sql`count(*) filter (where ${conversions.type} <> 'dispute' or ${conversions.kind} = 'opened')`.mapWith(Number),
      amount: sql<string | null>`(case when ${conversions.type} = 'dispute' then ${disputed} else sum(${conversions.amount}) end)::text`,
    })
    .from(conversions)
    .where(and(creditedIn(f), inArray(conversions.type, SERIES_TYPES)))
    .groupBy(utcDay, conversions.type, conversions.currency);
  return rows.map((r) => ({ day: r.day, type: r.type as SeriesType, currency: r.currency, count: r.count, amount: minorSum(r.amount) }));
}

/** Creators by net revenue (sales minus refunds and disputes) per currency, best first, at most `limit` per currency. */
export async function topAffiliates(tx: Tx, f: AnalyticsFilters, limit: number) {
  const sales = sql<string>`coalesce(sum(${conversions.amount}) filter (where ${conversions.type} = 'sale'), 0)`;
  const refunds = sql<string>`coalesce(sum(${conversions.amount}) filter (where ${conversions.type} = 'refund'), 0)`;
  const net = sql`${sales} - ${refunds} - ${disputed}`;
  const ranked = tx
    .select({
      affiliateId: sql<string>`${conversions.affiliateId}`.as("affiliate_id"),
      currency: sql<string>`${conversions.currency}`.as("currency"),
      saleCount: sql<number>`count(*) filter (where ${conversions.type} = 'sale')`.as("sale_count"),
      salesAmount: sql<string>`${sales}::text`.as("sales_amount"),
      refundsAmount: sql<string>`${refunds}::text`.as("refunds_amount"),
      disputesAmount: sql<string>`${disputed}::text`.as("disputes_amount"),
      netAmount: sql<string>`(${net})::text`.as("net_amount"),
      rank: sql<number>`row_number() over (partition by ${conversions.currency} order by ${net} desc, ${conversions.affiliateId})`.as("rank"),
    })
    .from(conversions)
    .where(and(creditedIn(f), isNotNull(conversions.currency)))
    .groupBy(conversions.affiliateId, conversions.currency)
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
  const clicks = await tx
    .select({ affiliateId: linkDailyClicks.affiliateId, clicks: sql`sum(${linkDailyClicks.clicks})`.mapWith(Number) })
    .from(linkDailyClicks)
    .where(clicksIn(f))
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
