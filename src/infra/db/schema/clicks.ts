import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { brandRows, readable } from "./rls";

/**
 * One counted click on a tracking link, written by the clicks consumer. Append-only (the
 * app role may not update or delete it). No foreign keys on purpose: this is the
 * highest-volume table, a queued click must never become unwritable because its link
 * changed meanwhile, and attribution reads the click id's own signed payload, not this row.
 */
export const clicks = pgTable(
  "clicks",
  {
    /** The signed click id (`clk_…`) handed to the destination as `rk_click`. */
    id: text().primaryKey(),
    brandId: text().notNull(),
    campaignId: text().notNull(),
    enrollmentId: text().notNull(),
    affiliateId: text().notNull(),
    linkId: text().notNull(),
    clickedAt: timestamp({ withTimezone: true }).notNull(),
    /** ISO country of the visitor as the edge saw it (`request.cf.country`). */
    country: text(),
    referrer: text(),
    userAgent: text(),
    /** Keyed hash of the visitor's IP: lets fraud checks spot bursts without storing the IP. */
    ipHash: text(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("clicks_brand_time").on(t.brandId, t.clickedAt),
    index("clicks_link_time").on(t.linkId, t.clickedAt),
    index("clicks_affiliate_time").on(t.affiliateId, t.clickedAt),
    // The duplicate-IP fraud check: one visitor's clicks on one link around a moment.
    index("clicks_link_ip_time").on(t.linkId, t.ipHash, t.clickedAt),
    brandRows(t.brandId),
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id()`),
  ],
).enableRLS();

/**
 * Clicks per link per UTC day, for dashboards. Bumped in the same transaction as the
 * click rows it counts, and only for rows actually inserted, so redelivery never
 * double-counts.
 */
export const linkDailyClicks = pgTable(
  "link_daily_clicks",
  {
    linkId: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    brandId: text().notNull(),
    campaignId: text().notNull(),
    enrollmentId: text().notNull(),
    affiliateId: text().notNull(),
    clicks: integer().notNull(),
  },
  (t) => [
    primaryKey({ name: "link_daily_clicks_pk", columns: [t.linkId, t.day] }),
    index("link_daily_clicks_brand_day").on(t.brandId, t.day),
    index("link_daily_clicks_affiliate_day").on(t.affiliateId, t.day),
    brandRows(t.brandId),
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id()`),
  ],
).enableRLS();
