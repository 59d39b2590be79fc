import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgPolicy, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { enrollments } from "./enrollments";
import { appRole, brandRows, lookupReads, readable } from "./rls";

/** A tracking link: `/c/{code}` on the edge resolves to its enrollment's campaign. */
export const trackingLinks = pgTable(
  "tracking_links",
  {
    id: text().primaryKey(),
    brandId: text().notNull(),
    campaignId: text().notNull(),
    enrollmentId: text().notNull(),
    affiliateId: text().notNull(),
    code: text().notNull(),
    /** Optional deep link on the brand's site; defaults to the campaign destination. */
    destinationUrl: text(),
    status: text().$type<"active" | "disabled">().notNull().default("active"),
    /**
     * The gateway's promotion code / discount id given to this creator, as its webhooks name
     * it (Stripe `promo_…`, Paddle `dsc_…`, Braintree discount id), not the text customers
     * type: a payment that used it is credited to this link's creator even without a click.
     */
    promoCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Campaign, affiliate and brand must be exactly those of the enrollment.
    foreignKey({
      name: "tracking_links_enrollment",
      columns: [t.enrollmentId, t.brandId, t.campaignId, t.affiliateId],
      foreignColumns: [enrollments.id, enrollments.brandId, enrollments.campaignId, enrollments.affiliateId],
    }).onDelete("cascade"),
    // Codes are case-sensitive and global: the edge resolves them without knowing the brand.
    uniqueIndex("tracking_links_code").on(t.code),
    index("tracking_links_enrollment_idx").on(t.enrollmentId),
    // One creator per code within a brand, so a payment with the code credits one person.
    uniqueIndex("tracking_links_promo_code").on(t.brandId, t.promoCode).where(sql`${t.promoCode} is not null`),
    index("tracking_links_brand").on(t.brandId, t.id),
    check("tracking_links_code_shape", sql`${t.code} ~ '^[A-Za-z0-9_-]{4,64}$'`),
    check("tracking_links_status", sql`${t.status} in ('active', 'disabled')`),
    brandRows(t.brandId),
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id()`),
    // A creator may make links for their own approved enrollment in an active campaign that
    // allows creator links (the API also keeps destinations on the campaign's site).
    pgPolicy("affiliate_creates", {
      for: "insert",
      to: appRole,
      withCheck: sql`${t.affiliateId} = app_affiliate_id() and exists (
        select 1 from enrollments e join campaigns c on c.id = e.campaign_id and c.brand_id = e.brand_id
         where e.id = ${t.enrollmentId} and e.affiliate_id = app_affiliate_id() and e.status = 'approved'
           and c.status = 'active' and c.allow_creator_links)`,
    }),
    lookupReads(),
  ],
).enableRLS();
