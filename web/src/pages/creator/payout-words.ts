/** Stripe's requirement names and account states, in the creator's words (the Payouts page). */

const REQUIREMENTS: [RegExp, string][] = [
  [/^external_account$/, "A bank account to receive payouts"],
  [/^individual\.(first_name|last_name|full_name_aliases)/, "Your legal name"],
  [/^individual\.dob\./, "Your date of birth"],
  [/^individual\.address\./, "Your home address"],
  [/^individual\.(ssn_last_4|id_number)/, "Your tax identification number"],
  [/^individual\.verification\.(additional_)?document/, "A photo of an identity document"],
  [/^individual\.(email|phone)/, "Your email address and phone number"],
  [/^individual\./, "More details about you"],
  [/^company\./, "Your company's details"],
  [/^business_type$/, "Whether you are paid as an individual or a company"],
  [/^business_profile\./, "Where you publish (a website or social profile)"],
  [/^tos_acceptance\./, "Accepting Stripe's terms of service"],
  [/^representative\.|^owners\.|^directors\.|^executives\./, "Details of the people behind your company"],
];

/** Each requirement once, in words; one Stripe cannot name in words is shown as Stripe's name. */
export function requirementsInWords(fields: string[]): string[] {
  return [...new Set(fields.map((f) => REQUIREMENTS.find(([re]) => re.test(f))?.[1] ?? f))];
}

/** Why Stripe disabled the account (`requirements.disabled_reason`). */
export function disabledReasonInWords(reason: string | null): string | null {
  if (!reason) return null;
  if (reason === "requirements.past_due") return "Stripe paused the account because some information is past due.";
  if (reason === "requirements.pending_verification") return "Stripe is verifying the information you gave; this usually takes a few minutes to a few days.";
  if (reason.startsWith("rejected.")) return "Stripe rejected this account. Open the Express dashboard or contact Stripe support to learn why.";
  if (reason === "under_review") return "Stripe is reviewing this account.";
  if (reason === "listed") return "Stripe is checking this account against sanctions lists.";
  return `Stripe disabled the account (${reason}).`;
}

/**
 * Countries a creator can choose. Which ones Rekomi can pay depends on its platform's country
 * (src/payouts/countries.ts); the server says so for any other, so the list is not a promise.
 */
export const COUNTRIES = [
  "US", "CA", "GB", "IE", "DE", "FR", "ES", "IT", "NL", "BE", "LU", "AT", "CH", "PT", "DK", "SE", "NO", "FI", "IS", "PL", "CZ", "SK", "HU", "RO", "BG",
  "HR", "SI", "GR", "CY", "MT", "EE", "LV", "LT", "LI", "AU", "NZ", "JP", "SG", "HK", "IN", "BR", "MX", "AR", "CO", "CL", "ZA", "NG", "KE", "PH", "ID", "TH", "MY", "AE", "IL", "TR",
];

const names = new Intl.DisplayNames(["en"], { type: "region" });
export const countryName = (code: string): string => names.of(code) ?? code;
