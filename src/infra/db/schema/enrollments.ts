import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgPolicy, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { affiliates } from "./affiliates";
import { campaigns } from "./campaigns";
import { appRole, brandRows, lookupReads } from "./rls";

/**
 * pending: the creator applied, the brand decides. invited: the brand made an offer, the
 * creator decides (accept → approved, decline → declined) or the brand withdraws it.
 * approved: working; paused and resumed by the brand; ended, rejected, declined and
 * withdrawn are final. Only the creator's own act (applying, joining, accepting) gives
 * consent (`consented_at`); a brand alone never makes a creator part of its program.
 */
export const ENROLLMENT_STATUSES = ["pending", "invited", "approved", "rejected", "declined", "withdrawn", "paused", "ended"] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export const ENROLLMENT_SOURCES = ["api", "invite", "join_page", "network"] as const;

/** An affiliate in a campaign: an application or an offer until approved, then a working partnership. */
export const enrollments = pgTable(
  "enrollments",
  {
    id: text().primaryKey(),
    brandId: text().notNull(),
    campaignId: text().notNull(),
    affiliateId: text().notNull().references(() => affiliates.id, { onDelete: "cascade" }),
    status: text().$type<EnrollmentStatus>().notNull(),
    source: text().$type<(typeof ENROLLMENT_SOURCES)[number]>().notNull(),
    decidedAt: timestamp({ withTimezone: true }),
    /**
     * When the creator said yes (applied, joined, accepted an offer). Set only by the
     * database when the creator acts (trigger `enrollments_guard_consent`); without it no
     * brand can move the enrollment to approved, paused or ended.
     */
    consentedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The campaign must belong to the same brand as the enrollment: RLS checks brand_id,
    // this key makes brand_id impossible to fake.
    foreignKey({ name: "enrollments_campaign_brand", columns: [t.campaignId, t.brandId], foreignColumns: [campaigns.id, campaigns.brandId] }).onDelete("cascade"),
    unique("enrollments_campaign_affiliate").on(t.campaignId, t.affiliateId),
    unique("enrollments_identity").on(t.id, t.brandId, t.campaignId, t.affiliateId),
    index("enrollments_affiliate").on(t.affiliateId),
    index("enrollments_brand_campaign").on(t.brandId, t.campaignId, t.id),
    check("enrollments_status", sql`${t.status} in ('pending', 'invited', 'approved', 'rejected', 'declined', 'withdrawn', 'paused', 'ended')`),
    check("enrollments_source", sql`${t.source} in ('api', 'invite', 'join_page', 'network')`),
    brandRows(t.brandId),
    // Creators see their own enrollments and may apply (a pending row) for themselves to a network campaign.
    pgPolicy("affiliate_reads", { for: "select", to: appRole, using: sql`${t.affiliateId} = app_affiliate_id()` }),
    pgPolicy("affiliate_applies", {
      for: "insert",
      to: appRole,
      // Only to a campaign open in the network: listed, active and approved by staff.
      withCheck: sql`${t.affiliateId} = app_affiliate_id() and ${t.status} = 'pending'
        and exists (select 1 from campaigns c where c.id = ${t.campaignId} and c.brand_id = ${t.brandId}
          and c.visibility = 'listed' and c.status = 'active' and c.listing_status = 'approved')`,
    }),
    // …and answer an offer made to them: accept (approved) or decline. The trigger keeps
    // everything but the status (and the consent it records) as it was.
    pgPolicy("affiliate_answers_offer", {
      for: "update",
      to: appRole,
      using: sql`${t.affiliateId} = app_affiliate_id() and ${t.status} = 'invited'`,
      withCheck: sql`${t.affiliateId} = app_affiliate_id() and ${t.status} in ('approved', 'declined')`,
    }),
    lookupReads(),
  ],
).enableRLS();
