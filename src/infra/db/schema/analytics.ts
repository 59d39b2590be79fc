import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, pgTable, text, unique } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { brandRows, readable } from "./rls";

/**
 * Credited conversions per brand, mode, UTC day, campaign, creator, type and currency: what
 * the analytics endpoint reads instead of scanning a brand's conversions. Only credited
 * leads, sales, refunds and disputes are counted (what analytics shows).
 *
 * Kept by statement-level triggers on `conversions` (migration 0039), so every writer (the
 * events consumer, corrections, late credit) keeps it right in the same transaction, under
 * the writer's own brand principal. `count` counts disputes opened only; `amount` is the
 * net a dispute took back (opened adds its amount, won subtracts it, lost moves nothing),
 * so sums over any range equal the same sums over the raw conversions.
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
    brandRows(t.brandId),
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id()`),
  ],
).enableRLS();
