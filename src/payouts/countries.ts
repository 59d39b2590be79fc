/**
 * Which creators' countries Rekomi's platform can pay. Payouts use separate charges and
 * transfers, and Stripe allows a Transfer only between a platform and a connected account in
 * the same region, or across the regions of its self-serve cross-border payouts.
 *
 * Sources (Stripe docs, checked 2026-12-07):
 * - https://docs.stripe.com/connect/connect-cross-border-payouts — "Platforms based in the US,
 *   UK, EEA, Canada, or Switzerland can transfer funds to connected accounts in any of those
 *   regions"; no self-serve cross-border payouts to countries outside them.
 * - https://docs.stripe.com/connect/service-agreement-types — "Cross-border payouts only work
 *   with accounts under the recipient service agreement" (which cannot be changed once
 *   accepted, so it is chosen when the account is created).
 * Within one region (one country; or Europe: the EEA, the UK and Switzerland) a transfer is
 * not cross-border and the account takes the full service agreement.
 */

/** The European Economic Area (EU 27 plus Iceland, Liechtenstein and Norway). */
const EEA = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"];

/** Europe as one transfer region: the EEA, the United Kingdom and Switzerland. */
const EUROPE = new Set([...EEA, "GB", "CH"]);

/** Regions whose platforms and accounts Stripe's self-serve cross-border payouts connect. */
const CROSS_BORDER = new Set([...EUROPE, "US", "CA"]);

/** A country's transfer region: Europe, or the country itself. */
const regionOf = (country: string): string => (EUROPE.has(country) ? "europe" : country);

export type PayableCountry = { ok: true; serviceAgreement: "full" | "recipient" } | { ok: false; reason: string };

/** Whether a platform in `platformCountry` can transfer to a creator's account in `creatorCountry` (ISO 3166-1 alpha-2), and under which service agreement. */
export function canPayTo(platformCountry: string, creatorCountry: string): PayableCountry {
  const platform = platformCountry.toUpperCase();
  const creator = creatorCountry.toUpperCase();
  if (regionOf(platform) === regionOf(creator)) return { ok: true, serviceAgreement: "full" };
  if (CROSS_BORDER.has(platform) && CROSS_BORDER.has(creator)) return { ok: true, serviceAgreement: "recipient" };
  const where = CROSS_BORDER.has(platform) ? "the United States, Canada, the United Kingdom, Switzerland and the European Economic Area" : `${platform} (where Rekomi's Stripe account is)`;
  return {
    ok: false,
    reason: `Rekomi cannot pay creators in ${creator} through Stripe Connect: payouts can only go to accounts in ${where}. Choose the country of a bank account you hold in one of those, or ask the brand to pay you another way.`,
  };
}

/**
 * The currency Rekomi's platform account settles in, by its country: each country's own
 * currency (the euro across the euro area). A run's charge is made in it, so Stripe's fee
 * (`balance_transaction.fee`, in the settlement currency) and the transfers drawn from the
 * charge (`source_transaction`) are in the same currency as the charge and reconcile without
 * a conversion.
 *
 * Sources (Stripe docs, checked 2026-12-07):
 * - https://docs.stripe.com/currencies — "If the charge currency differs from your settlement
 *   currency, Stripe converts the charge to your settlement currency."
 * - https://docs.stripe.com/payments/currencies/settlement-payouts — the default settlement
 *   currency is the local currency of the account's country; others are opt-in.
 * Bulgaria adopted the euro on 2026-01-01, so it settles in EUR.
 */
const LOCAL_SETTLEMENT: Record<string, string> = {
  US: "USD", CA: "CAD", GB: "GBP", CH: "CHF", AU: "AUD", NZ: "NZD", SG: "SGD", JP: "JPY", HK: "HKD",
  DK: "DKK", SE: "SEK", NO: "NOK", PL: "PLN", CZ: "CZK", HU: "HUF", RO: "RON",
};

/** The platform's settlement currency (ISO 4217), or null for a country Rekomi does not know it of. */
export function settlementCurrency(platformCountry: string): string | null {
  const country = platformCountry.toUpperCase();
  return LOCAL_SETTLEMENT[country] ?? (EEA.includes(country) ? "EUR" : null);
}
