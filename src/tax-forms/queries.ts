import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { consentedColumn } from "../creators/affiliates";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import { affiliates, brandPaysCreator, commissions, taxFormReviews, taxForms, type TaxFormDecision, type TaxFormType } from "../infra/db/schema";

/** Tax forms as RLS shows them to the transaction's principal; every function takes `tx`. */

export type TaxFormRow = typeof taxForms.$inferSelect;

export interface NewTaxForm {
  id: string;
  affiliateId: string;
  userId: string;
  formType: TaxFormType;
  signedOn: string;
  objectKey: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Records an upload as the creator's current form and supersedes the previous one. The
 * creator's row is locked first, so two uploads at once queue instead of both becoming
 * current (a partial unique index is the last line of defence).
 */
export async function submitTaxForm(tx: Tx, form: NewTaxForm): Promise<TaxFormRow> {
  const now = new Date();
  await tx.select({ id: affiliates.id }).from(affiliates).where(eq(affiliates.id, form.affiliateId)).for("update");
  await tx
    .update(taxForms)
    .set({ status: "superseded", supersededAt: now, updatedAt: now })
    .where(and(eq(taxForms.affiliateId, form.affiliateId), inArray(taxForms.status, ["submitted", "accepted"])));
  const [row] = await tx
    .insert(taxForms)
    .values({
      id: form.id,
      affiliateId: form.affiliateId,
      formType: form.formType,
      signedOn: form.signedOn,
      objectKey: form.objectKey,
      sha256: form.sha256,
      sizeBytes: form.sizeBytes,
      uploadedByUserId: form.userId,
    })
    .returning();
  return row!;
}

/** The creator's own forms, newest first. */
export function listOwnTaxForms(tx: Tx, affiliateId: string, page: { limit: number; before?: string | undefined }) {
  return tx
    .select()
    .from(taxForms)
    .where(and(eq(taxForms.affiliateId, affiliateId), page.before ? lt(taxForms.id, page.before) : undefined))
    .orderBy(desc(taxForms.id))
    .limit(page.limit + 1);
}

/** One form, if the principal may see it (its creator, a brand that pays the creator, staff). */
export async function findTaxForm(tx: Tx, id: string): Promise<TaxFormRow | undefined> {
  const [row] = await tx.select().from(taxForms).where(eq(taxForms.id, id));
  return row;
}

export type TaxFormReviewRow = typeof taxFormReviews.$inferSelect;

export interface Review {
  decision: TaxFormDecision;
  reason: string | undefined;
  userId: string;
}

/** Rekomi staff decide a submitted form for everyone; undefined when it is not (or no longer) awaiting review. */
export async function staffReviewTaxForm(tx: Tx, id: string, review: Review): Promise<TaxFormRow | undefined> {
  const now = new Date();
  const [row] = await tx
    .update(taxForms)
    .set({
      status: review.decision,
      reviewedAt: now,
      reviewedByUserId: review.userId,
      reviewedByBrandId: null,
      rejectionReason: review.decision === "rejected" ? review.reason! : null,
      updatedAt: now,
    })
    .where(and(eq(taxForms.id, id), eq(taxForms.status, "submitted")))
    .returning();
  return row;
}

/**
 * A paying brand's own decision about a current form (brand principal; RLS admits only a
 * payer, its own brand and user, and a current form). Undefined when the brand already
 * decided about this form: decisions are once per (brand, form).
 */
export async function recordBrandReview(tx: Tx, form: TaxFormRow, brandId: string, review: Review): Promise<TaxFormReviewRow | undefined> {
  try {
    const [row] = await tx
      .insert(taxFormReviews)
      .values({
        taxFormId: form.id,
        brandId,
        affiliateId: form.affiliateId,
        decision: review.decision,
        rejectionReason: review.decision === "rejected" ? review.reason! : null,
        reviewedByUserId: review.userId,
      })
      .returning();
    return row;
  } catch (err) {
    if (isUniqueViolation(err, "tax_form_reviews_pk")) return undefined;
    throw err;
  }
}

/** Brand reviews of these forms that the principal may see: its own (brand), all (the creator, staff). */
export async function reviewsOf(tx: Tx, formIds: string[]): Promise<TaxFormReviewRow[]> {
  if (formIds.length === 0) return [];
  return tx.select().from(taxFormReviews).where(inArray(taxFormReviews.taxFormId, formIds)).orderBy(taxFormReviews.reviewedAt);
}

/** Under the creator's principal: the brands that pay it (the payer rule of brandPaysCreator); they hear about its new forms. */
export async function payingBrandIds(tx: Tx, affiliateId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ brandId: commissions.brandId })
    .from(commissions)
    .where(and(eq(commissions.affiliateId, affiliateId), sql`${brandPaysCreator(sql`${affiliateId}`, commissions.brandId)}`));
  return rows.map((r) => r.brandId);
}

/** Under a brand principal: the creators it pays (consent and a commission; newest first), each with all its forms and the brand's reviews of them. */
export async function listPayeesWithForms(tx: Tx, page: { limit: number; before?: string | undefined; affiliateId?: string | undefined }) {
  const payees = await tx
    .select({ id: affiliates.id, displayName: affiliates.displayName, email: affiliates.email, consented: consentedColumn() })
    .from(affiliates)
    .where(
      and(
        sql`${brandPaysCreator(affiliates.id)}`,
        page.affiliateId ? eq(affiliates.id, page.affiliateId) : undefined,
        page.before ? lt(affiliates.id, page.before) : undefined,
      ),
    )
    .orderBy(desc(affiliates.id))
    .limit(page.limit + 1);
  const forms =
    payees.length === 0
      ? []
      : await tx
          .select()
          .from(taxForms)
          .where(inArray(taxForms.affiliateId, payees.map((p) => p.id)))
          .orderBy(desc(taxForms.id));
  const reviews = await reviewsOf(tx, forms.map((f) => f.id));
  return payees.map((p) => ({ ...p, forms: forms.filter((f) => f.affiliateId === p.id), reviews }));
}

/** Under a platform-admin principal: forms (optionally of one status) with their creators, newest first. */
export function listTaxFormsForStaff(tx: Tx, page: { limit: number; before?: string | undefined; status?: TaxFormRow["status"] | undefined }) {
  return tx
    .select({ form: taxForms, affiliate: { id: affiliates.id, displayName: affiliates.displayName, email: affiliates.email } })
    .from(taxForms)
    .innerJoin(affiliates, eq(affiliates.id, taxForms.affiliateId))
    .where(and(page.status ? eq(taxForms.status, page.status) : undefined, page.before ? lt(taxForms.id, page.before) : undefined))
    .orderBy(desc(taxForms.id))
    .limit(page.limit + 1);
}
