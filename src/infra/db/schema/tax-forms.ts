import { sql } from "drizzle-orm";
import { check, date, index, integer, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { affiliates } from "./affiliates";
import { brands } from "./brands";
import { brandPaysCreator } from "./consent";
import { appRole, lookupReads, lookupRole, platformAdminReads } from "./rls";
import { users } from "./users";

export const TAX_FORM_TYPES = ["w9", "w8ben", "w8bene"] as const;
export type TaxFormType = (typeof TAX_FORM_TYPES)[number];

/** submitted → accepted | rejected (by Rekomi staff; each paying brand records its own decision in `tax_form_reviews`); a newer upload supersedes. */
export const TAX_FORM_STATUSES = ["submitted", "accepted", "rejected", "superseded"] as const;
export type TaxFormStatus = (typeof TAX_FORM_STATUSES)[number];

/**
 * A creator's tax form (W-9, W-8BEN, W-8BEN-E). The PDF lives in the private R2 bucket
 * under `object_key`, a random key never shown to anyone; files leave only through signed,
 * short-lived URLs. One profile, one current form, shared by every brand that pays the
 * creator; each of those brands decides about it for itself (`tax_form_reviews`), and only
 * Rekomi staff decide for everyone (the `status` here). Rows are never deleted (tax records), and the app role may update only the
 * review and supersession columns (migration grants), under the policies below.
 */
export const taxForms = pgTable(
  "tax_forms",
  {
    id: text().primaryKey(),
    affiliateId: text().notNull().references(() => affiliates.id),
    formType: text().$type<TaxFormType>().notNull(),
    status: text().$type<TaxFormStatus>().notNull().default("submitted"),
    /** The signature date on the form: W-8 forms expire at the end of the third calendar year after it. */
    signedOn: date({ mode: "string" }).notNull(),
    objectKey: text().notNull(),
    sha256: text().notNull(),
    sizeBytes: integer().notNull(),
    uploadedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewedByUserId: text(),
    /** Historic: brands reviewed here before reviews became per brand (`tax_form_reviews`); always null now. */
    reviewedByBrandId: text(),
    rejectionReason: text(),
    supersededAt: timestamp({ withTimezone: true }),
    /** When the retention job deleted a superseded form's file from R2; the row and its audit trail stay. */
    filePurgedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tax_forms_object_key").on(t.objectKey),
    index("tax_forms_affiliate").on(t.affiliateId, t.id),
    index("tax_forms_status").on(t.status, t.id),
    // At most one current form per creator: a new upload supersedes the last one.
    uniqueIndex("tax_forms_one_current").on(t.affiliateId).where(sql`${t.status} in ('submitted', 'accepted')`),
    check("tax_forms_type", sql`${t.formType} in ('w9', 'w8ben', 'w8bene')`),
    check("tax_forms_status", sql`${t.status} in ('submitted', 'accepted', 'rejected', 'superseded')`),
    check("tax_forms_sha256", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("tax_forms_size", sql`${t.sizeBytes} > 0`),
    check("tax_forms_reviewed", sql`${t.status} not in ('accepted', 'rejected') or (${t.reviewedAt} is not null and ${t.reviewedByUserId} is not null)`),
    check("tax_forms_rejection_reason", sql`(${t.status} = 'rejected') = (${t.rejectionReason} is not null)`),
    check("tax_forms_superseded", sql`(${t.status} = 'superseded') = (${t.supersededAt} is not null)`),
    // The creator sees its forms, uploads new ones, and retires the current one by uploading.
    pgPolicy("affiliate_reads", { for: "select", to: appRole, using: sql`${t.affiliateId} = app_affiliate_id()` }),
    pgPolicy("affiliate_uploads", {
      for: "insert",
      to: appRole,
      withCheck: sql`${t.affiliateId} = app_affiliate_id() and ${t.status} = 'submitted' and ${t.reviewedAt} is null and ${t.reviewedByUserId} is null and ${t.reviewedByBrandId} is null`,
    }),
    pgPolicy("affiliate_supersedes", {
      for: "update",
      to: appRole,
      using: sql`${t.affiliateId} = app_affiliate_id() and ${t.status} in ('submitted', 'accepted')`,
      withCheck: sql`${t.affiliateId} = app_affiliate_id() and ${t.status} = 'superseded'`,
    }),
    // Brands that pay the creator (consent and a commission) see the forms' metadata; their
    // decisions go to tax_form_reviews, never to the form itself.
    pgPolicy("brand_reads", { for: "select", to: appRole, using: sql`app_brand_id() is not null and ${brandPaysCreator(t.affiliateId)}` }),
    // Rekomi staff review any submitted form.
    platformAdminReads(),
    pgPolicy("platform_admin_reviews", {
      for: "update",
      to: appRole,
      using: sql`app_platform_admin() and ${t.status} = 'submitted'`,
      withCheck: sql`app_platform_admin() and ${t.status} in ('accepted', 'rejected') and ${t.reviewedByBrandId} is null and ${t.reviewedByUserId} = app_user_id() and ${t.supersededAt} is null`,
    }),
    // tax_form_file(): the signed download URL already authorized the read.
    lookupReads(),
    // record_tax_form_file_purged() (the retention cron) stamps superseded forms only.
    pgPolicy("lookup_records_file_purge", {
      for: "update",
      to: lookupRole,
      using: sql`${t.status} = 'superseded' and ${t.filePurgedAt} is null`,
      withCheck: sql`${t.status} = 'superseded' and ${t.filePurgedAt} is not null`,
    }),
  ],
).enableRLS();

export const TAX_FORM_DECISIONS = ["accepted", "rejected"] as const;
export type TaxFormDecision = (typeof TAX_FORM_DECISIONS)[number];

/**
 * One paying brand's decision about one form: its own payout gate, invisible to other
 * brands (one brand's rejection does not reject the form for the others, and its
 * acceptance does not satisfy theirs). Once per (brand, form); a new upload needs a new
 * review. The creator reads the decisions about its forms (to learn what to fix).
 */
export const taxFormReviews = pgTable(
  "tax_form_reviews",
  {
    taxFormId: text().notNull().references(() => taxForms.id),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    affiliateId: text().notNull().references(() => affiliates.id),
    decision: text().$type<TaxFormDecision>().notNull(),
    rejectionReason: text(),
    reviewedByUserId: text().notNull(),
    reviewedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "tax_form_reviews_pk", columns: [t.taxFormId, t.brandId] }),
    index("tax_form_reviews_brand_affiliate").on(t.brandId, t.affiliateId),
    check("tax_form_reviews_decision", sql`${t.decision} in ('accepted', 'rejected')`),
    check("tax_form_reviews_rejection_reason", sql`(${t.decision} = 'rejected') = (${t.rejectionReason} is not null)`),
    // A paying brand reads its own decisions and records one about a current form of that
    // creator (tax_forms RLS scopes the subquery to forms the brand may see), signed by
    // the reviewing user.
    pgPolicy("brand_reads_own", { for: "select", to: appRole, using: sql`${t.brandId} = app_brand_id()` }),
    pgPolicy("brand_reviews", {
      for: "insert",
      to: appRole,
      withCheck: sql`${t.brandId} = app_brand_id() and ${t.reviewedByUserId} = app_user_id() and ${brandPaysCreator(t.affiliateId)}
        and exists (select 1 from tax_forms f where f.id = ${t.taxFormId} and f.affiliate_id = ${t.affiliateId} and f.status in ('submitted', 'accepted'))`,
    }),
    pgPolicy("affiliate_reads", { for: "select", to: appRole, using: sql`${t.affiliateId} = app_affiliate_id()` }),
    platformAdminReads(),
  ],
).enableRLS();
