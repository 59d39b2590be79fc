import { sql, type SQL } from "drizzle-orm";
import { check, date, index, integer, pgPolicy, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { affiliates } from "./affiliates";
import { appRole, lookupReads, lookupRole, platformAdminReads } from "./rls";
import { users } from "./users";

export const TAX_FORM_TYPES = ["w9", "w8ben", "w8bene"] as const;
export type TaxFormType = (typeof TAX_FORM_TYPES)[number];

/** submitted → accepted | rejected (by a brand the creator works with, or Rekomi staff); a newer upload supersedes. */
export const TAX_FORM_STATUSES = ["submitted", "accepted", "rejected", "superseded"] as const;
export type TaxFormStatus = (typeof TAX_FORM_STATUSES)[number];

/**
 * Enrollment statuses in which a brand pays, or has paid, the creator: such a brand may
 * see the creator's tax forms and hears about new ones. Applicants (pending, rejected) are
 * not the brand's payees, so their forms stay private.
 */
export const PAYER_ENROLLMENT_STATUSES = ["approved", "paused", "ended"] as const;

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/** The brand principal pays the creator of this row (enrollments RLS scopes it too). */
function brandPays(affiliateId: AnyPgColumn): SQL {
  return sql`app_brand_id() is not null and exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = ${affiliateId} and e.status in (${quoted(PAYER_ENROLLMENT_STATUSES)}))`;
}

/**
 * A creator's tax form (W-9, W-8BEN, W-8BEN-E). The PDF lives in the private R2 bucket
 * under `object_key`, a random key never shown to anyone; files leave only through signed,
 * short-lived URLs. One profile, one current form, shared by every brand that pays the
 * creator. Rows are never deleted (tax records), and the app role may update only the
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
    /** The brand whose admin reviewed it; null when Rekomi staff did. */
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
    // Brands that pay the creator see the forms' metadata and may review a submitted one,
    // signing the review with their own brand and user.
    pgPolicy("brand_reads", { for: "select", to: appRole, using: brandPays(t.affiliateId) }),
    pgPolicy("brand_reviews", {
      for: "update",
      to: appRole,
      using: sql`${brandPays(t.affiliateId)} and ${t.status} = 'submitted'`,
      withCheck: sql`${brandPays(t.affiliateId)} and ${t.status} in ('accepted', 'rejected') and ${t.reviewedByBrandId} = app_brand_id() and ${t.reviewedByUserId} = app_user_id() and ${t.supersededAt} is null`,
    }),
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
