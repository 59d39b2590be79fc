import { and, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { taxFormReviews, taxForms } from "../infra/db/schema";
import type { TaxFormReviewRow, TaxFormRow } from "./queries";
import { validFormOnFile, type TaxFormFacts } from "./validity";

/** The facts `validFormOnFile` needs, with the asking brand's own decision on each form. */
export function factsForBrand(forms: readonly TaxFormRow[], reviews: readonly TaxFormReviewRow[], brandId: string): TaxFormFacts[] {
  return forms.map((f) => ({
    formType: f.formType,
    status: f.status,
    signedOn: f.signedOn,
    brandDecision: reviews.find((r) => r.taxFormId === f.id && r.brandId === brandId)?.decision ?? null,
  }));
}

/**
 * Whether `affiliateId` has a tax form in effect for `brandId` (brand principal of that
 * brand): the brand's own review, or a Rekomi staff acceptance. False when the brand may
 * not see the creator's forms (it does not pay them).
 */
export async function hasValidTaxForm(tx: Tx, brandId: string, affiliateId: string, at = new Date()): Promise<boolean> {
  const forms = await tx.select().from(taxForms).where(eq(taxForms.affiliateId, affiliateId));
  const reviews = await tx.select().from(taxFormReviews).where(and(eq(taxFormReviews.brandId, brandId), eq(taxFormReviews.affiliateId, affiliateId)));
  return validFormOnFile(factsForBrand(forms, reviews, brandId), at);
}
