import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { brandRows, lookupReads, platformAdminReads, platformAdminUpdates, readable } from "./rls";

export const COMMISSION_TYPES = ["percentage", "flat"] as const;
export const COMMISSION_DURATIONS = ["one_time", "recurring", "lifetime"] as const;
export const ATTRIBUTION_MODELS = ["last_click", "first_click"] as const;
export const CAMPAIGN_VISIBILITIES = ["private", "listed"] as const;
export const CAMPAIGN_STATUSES = ["active", "paused", "archived"] as const;
/** Staff review of a campaign's listing in the network (src/network/listings/). */
export const LISTING_STATUSES = ["pending", "approved", "rejected"] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/**
 * A brand's campaign and its base commission model. Money is integer minor units in
 * `currency`; a percentage is integer basis points (2500 = 25 %), never a float.
 * Per-product overrides and performance tiers hang off the campaign in their own tables.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text(),
    destinationUrl: text().notNull(),
    landingPageUrl: text(),
    cookieWindowDays: integer().notNull().default(30),
    attributionModel: text().$type<(typeof ATTRIBUTION_MODELS)[number]>().notNull().default("last_click"),
    visibility: text().$type<(typeof CAMPAIGN_VISIBILITIES)[number]>().notNull().default("private"),
    status: text().$type<(typeof CAMPAIGN_STATUSES)[number]>().notNull().default("active"),
    targetMarkets: text().array().notNull().default(sql`'{}'::text[]`),
    niches: text().array().notNull().default(sql`'{}'::text[]`),
    terms: text(),
    /** Creators with an approved enrollment may make their own tracking links (to the campaign's site only). */
    allowCreatorLinks: boolean().notNull().default(true),
    commissionType: text().$type<(typeof COMMISSION_TYPES)[number]>().notNull(),
    commissionRateBps: integer(),
    commissionAmount: bigint({ mode: "number" }),
    commissionDuration: text().$type<(typeof COMMISSION_DURATIONS)[number]>().notNull(),
    commissionDurationMonths: integer(),
    holdDays: integer().notNull().default(30),
    minPayoutAmount: bigint({ mode: "number" }).notNull().default(0),
    currency: text().notNull(),
    /**
     * Staff review of the listing: null until the campaign is first listed; pending while
     * Rekomi staff look at it (after listing, re-listing or a material change); approved
     * (creators see it in the network) or rejected (with the reason the brand sees).
     * Only staff approve or reject, and listing always means pending: trigger
     * `campaigns_guard_listing`.
     */
    listingStatus: text().$type<ListingStatus>(),
    listingSubmittedAt: timestamp({ withTimezone: true }),
    listingReviewedAt: timestamp({ withTimezone: true }),
    /** The staff user who decided (set by the database from the principal). */
    listingReviewedBy: text(),
    listingReviewNote: text(),
    /** The material terms whose change sent an approved listing back to review (empty for a first listing). */
    listingChanges: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("campaigns_id_brand").on(t.id, t.brandId),
    index("campaigns_brand").on(t.brandId, t.id),
    check("campaigns_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("campaigns_cookie_window", sql`${t.cookieWindowDays} between 1 and 365`),
    check("campaigns_hold_days", sql`${t.holdDays} between 0 and 365`),
    check("campaigns_min_payout", sql`${t.minPayoutAmount} >= 0`),
    check("campaigns_attribution", sql`${t.attributionModel} in ('last_click', 'first_click')`),
    check("campaigns_visibility", sql`${t.visibility} in ('private', 'listed')`),
    check("campaigns_status", sql`${t.status} in ('active', 'paused', 'archived')`),
    check("campaigns_listing_status", sql`${t.listingStatus} in ('pending', 'approved', 'rejected')`),
    index("campaigns_listing_queue").on(t.listingStatus, t.listingSubmittedAt),
    check(
      "campaigns_commission_value",
      sql`(${t.commissionType} = 'percentage' and ${t.commissionRateBps} between 1 and 10000 and ${t.commissionAmount} is null)
       or (${t.commissionType} = 'flat' and ${t.commissionAmount} > 0 and ${t.commissionRateBps} is null)`,
    ),
    check(
      "campaigns_commission_duration",
      sql`(${t.commissionDuration} = 'recurring' and ${t.commissionDurationMonths} between 1 and 120)
       or (${t.commissionDuration} in ('one_time', 'lifetime') and ${t.commissionDurationMonths} is null)`,
    ),
    brandRows(t.brandId),
    // Creators see listed, active campaigns that staff approved (the network) and those they
    // are enrolled in (kept while a changed listing is re-reviewed).
    readable(
      "affiliate_reads",
      sql`app_affiliate_id() is not null and ((${t.visibility} = 'listed' and ${t.status} = 'active' and ${t.listingStatus} = 'approved')
        or exists (select 1 from enrollments e where e.campaign_id = ${t.id}))`,
    ),
    // Staff review listings; the guard trigger lets them change only the review columns.
    platformAdminReads(),
    platformAdminUpdates(),
    lookupReads(),
  ],
).enableRLS();
