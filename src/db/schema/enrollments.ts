import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgPolicy, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { affiliates } from "./affiliates";
import { campaigns } from "./campaigns";
import { appRole, brandRows, lookupReads } from "./rls";

export const ENROLLMENT_STATUSES = ["pending", "approved", "rejected", "paused", "ended"] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export const ENROLLMENT_SOURCES = ["api", "invite", "join_page", "network"] as const;

/** An affiliate in a campaign: an application until approved, then a working partnership. */
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
    check("enrollments_status", sql`${t.status} in ('pending', 'approved', 'rejected', 'paused', 'ended')`),
    check("enrollments_source", sql`${t.source} in ('api', 'invite', 'join_page', 'network')`),
    brandRows(t.brandId),
    // Creators see their own enrollments and may apply (a pending row) for themselves.
    pgPolicy("affiliate_reads", { for: "select", to: appRole, using: sql`${t.affiliateId} = app_affiliate_id()` }),
    pgPolicy("affiliate_applies", {
      for: "insert",
      to: appRole,
      withCheck: sql`${t.affiliateId} = app_affiliate_id() and ${t.status} = 'pending'`,
    }),
    lookupReads(),
  ],
).enableRLS();
