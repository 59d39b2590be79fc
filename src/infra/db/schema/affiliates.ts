import { sql } from "drizzle-orm";
import { check, jsonb, pgPolicy, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { appRole, lookupReads, platformAdminReads, platformAdminUpdates, readable } from "./rls";
import { users } from "./users";

export const NETWORK_STATUSES = ["unlisted", "pending", "approved", "rejected", "suspended"] as const;
export type NetworkStatus = (typeof NETWORK_STATUSES)[number];

export interface AudienceChannel {
  channel: string; // youtube, newsletter, x, tiktok, blog, podcast…
  url?: string;
  size: number; // followers / subscribers
}

/**
 * A creator's ONE profile, shared by every brand they work with. Not owned by a brand:
 * a brand sees a profile only when the creator is enrolled in one of its campaigns or is
 * an approved member of the curated network.
 */
export const affiliates = pgTable(
  "affiliates",
  {
    id: text().primaryKey(),
    userId: text().references(() => users.id, { onDelete: "set null" }),
    email: text().notNull(),
    displayName: text().notNull(),
    bio: text(),
    audience: jsonb().$type<AudienceChannel[]>().notNull().default([]),
    niches: text().array().notNull().default(sql`'{}'::text[]`),
    countries: text().array().notNull().default(sql`'{}'::text[]`),
    languages: text().array().notNull().default(sql`'{}'::text[]`),
    contentFormats: text().array().notNull().default(sql`'{}'::text[]`),
    links: jsonb().$type<string[]>().notNull().default([]),
    networkStatus: text().$type<NetworkStatus>().notNull().default("unlisted"),
    /** When the creator last asked to be listed in the network. */
    networkRequestedAt: timestamp({ withTimezone: true }),
    /** When Rekomi staff last decided on the listing, and what they told the creator. */
    networkReviewedAt: timestamp({ withTimezone: true }),
    networkReviewNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("affiliates_email").on(sql`lower(${t.email})`),
    uniqueIndex("affiliates_user").on(t.userId),
    check("affiliates_network_status", sql`${t.networkStatus} in ('unlisted', 'pending', 'approved', 'rejected', 'suspended')`),
    pgPolicy("affiliate_self", {
      for: "all",
      to: appRole,
      using: sql`${t.id} = app_affiliate_id() or (${t.userId} is not null and ${t.userId} = app_user_id())`,
      withCheck: sql`${t.id} = app_affiliate_id() or (${t.userId} is not null and ${t.userId} = app_user_id())`,
    }),
    // Brands see creators in their campaigns (enrollments RLS scopes the subquery to the
    // brand) and creators the network lists.
    readable(
      "brand_reads",
      sql`app_brand_id() is not null and (${t.networkStatus} = 'approved' or exists (select 1 from enrollments e where e.affiliate_id = ${t.id}))`,
    ),
    // Staff curate the network: a trigger (migration …_creators_rls) keeps network_status
    // decisions to them and keeps them off every other column.
    platformAdminReads(),
    platformAdminUpdates(),
    // network_sales_90d() answers only for creators the network lists.
    lookupReads(),
  ],
).enableRLS();
