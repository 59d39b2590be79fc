import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Tx } from "../db/client";
import { affiliates, enrollments, PAYER_ENROLLMENT_STATUSES, taxForms, type TaxFormType } from "../db/schema";

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

export interface Review {
  decision: "accepted" | "rejected";
  reason: string | undefined;
  userId: string;
  /** The reviewing brand; null for Rekomi staff. */
  brandId: string | null;
}

/** Decides a submitted form; undefined when it is not (or no longer) awaiting review. */
export async function reviewTaxForm(tx: Tx, id: string, review: Review): Promise<TaxFormRow | undefined> {
  const now = new Date();
  const [row] = await tx
    .update(taxForms)
    .set({
      status: review.decision,
      reviewedAt: now,
      reviewedByUserId: review.userId,
      reviewedByBrandId: review.brandId,
      rejectionReason: review.decision === "rejected" ? review.reason! : null,
      updatedAt: now,
    })
    .where(and(eq(taxForms.id, id), eq(taxForms.status, "submitted")))
    .returning();
  return row;
}

/** Under the creator's principal: the brands that pay it (they hear about its new forms). */
export async function payingBrandIds(tx: Tx, affiliateId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ brandId: enrollments.brandId })
    .from(enrollments)
    .where(and(eq(enrollments.affiliateId, affiliateId), inArray(enrollments.status, [...PAYER_ENROLLMENT_STATUSES])));
  return rows.map((r) => r.brandId);
}

/** Under a brand principal: the creators it pays (newest first), each with all its forms. */
export async function listPayeesWithForms(tx: Tx, brandId: string, page: { limit: number; before?: string | undefined; affiliateId?: string | undefined }) {
  const payees = await tx
    .selectDistinct({ id: affiliates.id, displayName: affiliates.displayName, email: affiliates.email })
    .from(enrollments)
    .innerJoin(affiliates, eq(affiliates.id, enrollments.affiliateId))
    .where(
      and(
        eq(enrollments.brandId, brandId),
        inArray(enrollments.status, [...PAYER_ENROLLMENT_STATUSES]),
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
  return payees.map((p) => ({ ...p, forms: forms.filter((f) => f.affiliateId === p.id) }));
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
