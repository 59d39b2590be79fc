import { currencyExponent } from "../../currencies";
import type { Reader } from "../read";
import { PayloadError } from "../types";

/**
 * Stripe's minor units are not always ISO 4217's (https://docs.stripe.com/currencies):
 * Stripe treats MGA as zero-decimal (ISO: 2) and keeps ISK two-decimal for backwards
 * compatibility, with amounts always a multiple of 100 (ISO: 0). HUF and TWD are
 * two-decimal for charges at Stripe as in ISO (only their payouts are whole units), and
 * UGX is zero-decimal in both. Every other currency is two-decimal at Stripe unless listed.
 */
const STRIPE_ZERO_DECIMAL = new Set("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split(" "));
const STRIPE_THREE_DECIMAL = new Set("BHD JOD KWD OMR TND".split(" "));

function stripeExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
  if (STRIPE_THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/**
 * A Stripe amount converted to ISO minor units with integer arithmetic, or null when the
 * ISO unit cannot hold it (an ISK amount that is not whole krónur) or it grows past a safe
 * integer.
 */
export function stripeToIsoMinor(amount: number, currency: string): number | null {
  const shift = currencyExponent(currency) - stripeExponent(currency);
  if (shift === 0) return amount;
  if (shift > 0) {
    const scaled = amount * 10 ** shift;
    return Number.isSafeInteger(scaled) ? scaled : null;
  }
  const divisor = 10 ** -shift;
  return amount % divisor === 0 ? amount / divisor : null;
}

/**
 * The exact inverse of `stripeToIsoMinor`: an amount in ISO minor units as Stripe counts it, or
 * null when Stripe's unit cannot hold it (an MGA amount that is not whole ariary, since Stripe
 * treats MGA as zero-decimal) or it grows past a safe integer. ISK comes out a multiple of 100,
 * as Stripe requires; HUF, TWD and UGX pass unchanged (same exponent at Stripe and in ISO).
 */
export function isoToStripeMinor(amount: number, currency: string): number | null {
  if (!Number.isSafeInteger(amount)) return null;
  const shift = stripeExponent(currency) - currencyExponent(currency);
  if (shift === 0) return amount;
  if (shift > 0) {
    const scaled = amount * 10 ** shift;
    return Number.isSafeInteger(scaled) ? scaled : null;
  }
  const divisor = 10 ** -shift;
  return amount % divisor === 0 ? amount / divisor : null;
}

/** The amount at `amountPath` with the currency at `currencyPath` of a Stripe object, in ISO minor units. */
export function stripeMoney(object: Reader, amountPath: string, currencyPath = "currency"): { amount: number; currency: string } {
  const currency = object.currency(currencyPath);
  const amount = stripeToIsoMinor(object.int(amountPath), currency);
  if (amount === null) {
    throw new PayloadError(object.param(amountPath), `${object.param(amountPath)} is not a whole number of ${currency} minor units once converted from Stripe's to ISO 4217's`);
  }
  return { amount, currency };
}
