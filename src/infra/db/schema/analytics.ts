import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, pgPolicy, pgTable, primaryKey, text, unique, type AnyPgColumn } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { appRole } from "./rls";

/**
 * brandRows() / readable() of rls.ts, with the principal read once per query: `(select
 * app_brand_id())` is an InitPlan, where a bare `app_brand_id()` is evaluated for every row
 * a range scan visits (the rollup scans read tens of thousands of rows).
 */
function ownBrandRows(brandId: AnyPgColumn) {
  const own = sql`${brandId} = (select app_brand_id())`;
  return pgPolicy("brand_rows", { for: "all", to: appRole, using: own, withCheck: own });
}
const creatorReads = (affiliateId: AnyPgColumn) => pgPolicy("affiliate_reads", { for: "select", to: appRole, using: sql`${affiliateId} = (select app_affiliate_id())` });

/**
 * Credited conversions per brand, mode, UTC day, campaign, creator, type and currency: what
 * the analytics endpoint reads for one creator and for the top creators, instead of
 * scanning a brand's conversions (campaign_daily_conversions below has the same sums
 * without the creator, for the brand's series). Only credited leads, sales, refunds and
 * disputes are counted (what analytics shows).
 *
 * Kept by statement-level triggers on `conversions` (migration 0045, function replaced in 0051 and 0053; the table is 0044), so every writer (the
 * events consumer, corrections, late credit) keeps it right in the same transaction, under
 * the writer's own brand principal. `count` counts disputes opened only; `amount` is the
 * net a dispute took back (opened adds its amount, won subtracts it, lost moves nothing),
 * so sums over any range equal the same sums over the raw conversions. The top-creators
 * range scan reads the covering index `conversion_daily_stats_range` (migration 0045,
 * `INCLUDE` columns drizzle cannot declare) without touching the table.
 */
export const conversionDailyStats = pgTable(
  "conversion_daily_stats",
  {
    brandId: text()
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    livemode: boolean().notNull(),
    day: date({ mode: "string" }).notNull(),
    campaignId: text().notNull(),
    affiliateId: text().notNull(),
    type: text().$type<"lead" | "sale" | "refund" | "dispute">().notNull(),
    /** Null for leads (no money). */
    currency: text(),
    count: bigint({ mode: "number" }).notNull(),
    amount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    // The upsert key, and the analytics range scan (brand, mode, days).
    unique("conversion_daily_stats_key").on(t.brandId, t.livemode, t.day, t.campaignId, t.affiliateId, t.type, t.currency).nullsNotDistinct(),
    index("conversion_daily_stats_affiliate_day").on(t.affiliateId, t.day),
    ownBrandRows(t.brandId),
    creatorReads(t.affiliateId),
  ],
).enableRLS();

/**
 * conversion_daily_stats by UTC calendar month (`month` is its first day): the same sums,
 * a thirtieth of the rows. The top creators over a long range read the whole months inside
 * it here and only the days at its two ends from conversion_daily_stats
 * (src/analytics/queries.ts). Kept by the same trigger statement (migration 0053), and
 * scanned through the covering index `conversion_monthly_stats_range` of that migration.
 */
export const conversionMonthlyStats = pgTable(
  "conversion_monthly_stats",
  {
    brandId: text()
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    livemode: boolean().notNull(),
    month: date({ mode: "string" }).notNull(),
    campaignId: text().notNull(),
    affiliateId: text().notNull(),
    type: text().$type<"lead" | "sale" | "refund" | "dispute">().notNull(),
    currency: text(),
    count: bigint({ mode: "number" }).notNull(),
    amount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    unique("conversion_monthly_stats_key").on(t.brandId, t.livemode, t.month, t.campaignId, t.affiliateId, t.type, t.currency).nullsNotDistinct(),
    ownBrandRows(t.brandId),
    creatorReads(t.affiliateId),
  ],
).enableRLS();

/**
 * conversion_daily_stats without the creator: per brand, mode, UTC day, campaign, type and
 * currency. The brand's daily series reads a few rows per day here whatever the number of
 * creators. Kept by the same trigger statement as conversion_daily_stats.
 */
export const campaignDailyConversions = pgTable(
  "campaign_daily_conversions",
  {
    brandId: text()
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    livemode: boolean().notNull(),
    day: date({ mode: "string" }).notNull(),
    campaignId: text().notNull(),
    type: text().$type<"lead" | "sale" | "refund" | "dispute">().notNull(),
    currency: text(),
    count: bigint({ mode: "number" }).notNull(),
    amount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [unique("campaign_daily_conversions_key").on(t.brandId, t.livemode, t.day, t.campaignId, t.type, t.currency).nullsNotDistinct(), ownBrandRows(t.brandId)],
).enableRLS();

/**
 * link_daily_clicks without the link: clicks per brand, campaign and UTC day, kept by
 * statement-level triggers on link_daily_clicks (migration 0045), so it moves in the same
 * statement as the link rollup the clicks consumer bumps (src/clicks/record.ts). The
 * brand's daily click series reads it.
 */
export const campaignDailyClicks = pgTable(
  "campaign_daily_clicks",
  {
    brandId: text()
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    campaignId: text().notNull(),
    clicks: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "campaign_daily_clicks_pk", columns: [t.brandId, t.day, t.campaignId] }), ownBrandRows(t.brandId)],
).enableRLS();
