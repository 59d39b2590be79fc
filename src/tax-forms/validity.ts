import type { TaxFormDecision, TaxFormStatus, TaxFormType } from "../infra/db/schema";

/**
 * When a tax form counts, as pure functions of its facts and a date: the dashboard shows
 * them, and payouts will gate on them (a brand's `require_tax_form`).
 */

export interface TaxFormFacts {
  formType: TaxFormType;
  /** The form's own status: `accepted` or `rejected` only by Rekomi staff. */
  status: TaxFormStatus;
  /** The asking brand's own review of this form, if it made one. */
  brandDecision?: TaxFormDecision | null;
  /** YYYY-MM-DD, the date the creator signed the form. */
  signedOn: string;
}

/** Dates are calendar days (YYYY-MM-DD) in UTC, as the forms are dated. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The last day a form is in effect, or null when it does not expire. A W-8BEN or W-8BEN-E
 * stays in effect until the last day of the third calendar year after the year it was
 * signed (IRS instructions); a W-9 until the creator's details change.
 */
export function taxFormExpiresOn(formType: TaxFormType, signedOn: string): string | null {
  if (formType === "w9") return null;
  return `${Number(signedOn.slice(0, 4)) + 3}-12-31`;
}

/**
 * A W-9 does not expire, but a signature before this date is a typo (or 1800), not a form
 * anyone can rely on: the creator should sign the current revision.
 */
export const EARLIEST_SIGNED_ON = "2000-01-01";

/** Why a signature date cannot be accepted for an upload today, or null when it can. */
export function signedOnProblem(formType: TaxFormType, signedOn: string, today: Date): string | null {
  // One day of slack: the creator's local date may be ahead of UTC.
  const tomorrow = isoDay(new Date(today.getTime() + 86_400_000));
  if (signedOn > tomorrow) return "is in the future";
  if (signedOn < EARLIEST_SIGNED_ON) return `is before ${EARLIEST_SIGNED_ON}: sign the current revision of the form and give that date`;
  const expires = taxFormExpiresOn(formType, signedOn);
  if (expires !== null && expires < isoDay(today)) return `is too old: a form signed then expired on ${expires}; sign a new one`;
  return null;
}

/**
 * True when, for the asking brand, the creator has a form in effect on `at`: a current one
 * (not superseded, not rejected by Rekomi staff) that the brand itself accepted or Rekomi
 * staff accepted, unless the brand itself rejected it. Another brand's decision never
 * counts: each payer gates its own payouts.
 */
export function validFormOnFile(forms: readonly TaxFormFacts[], at: Date): boolean {
  const day = isoDay(at);
  return forms.some((f) => {
    if (f.status !== "submitted" && f.status !== "accepted") return false;
    if (f.brandDecision === "rejected") return false;
    if (f.status !== "accepted" && f.brandDecision !== "accepted") return false;
    const expires = taxFormExpiresOn(f.formType, f.signedOn);
    return expires === null || day <= expires;
  });
}

/** Whether a brand may pay a creator as far as tax forms go: always, unless it requires a valid one. */
export function taxFormsAllowPayout(brand: { requireTaxForm: boolean }, forms: readonly TaxFormFacts[], at: Date): boolean {
  return !brand.requireTaxForm || validFormOnFile(forms, at);
}
