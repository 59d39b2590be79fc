import { currencyExponent } from "./currencies";

/**
 * Money, in one module for the server, the CSV exports, the dashboard and its forms: an
 * amount is an integer in the currency's minor unit, and the number of decimals always
 * comes from the ISO 4217 table (src/currencies.ts). Only string and integer arithmetic:
 * a float never touches an amount (0.29 × 100 is 28.999999999999996), and Intl's own idea
 * of a currency's decimals (0 for HUF, IQD and 15 others where ISO says 2 or 3) is never
 * asked.
 */

export { currencyExponent };

/** 4900 USD → "49.00", 1000 JPY → "1000", 1234 KWD → "1.234", -5 USD → "-0.05". */
export function minorToDecimal(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${amount} is not an integer amount in minor units`);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${amount < 0 ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

/**
 * "49.99" in USD → 4999; "1000" in JPY → 1000; "1.5" in KWD → 1500. Extra trailing zeros
 * are fine ("250.0", "1000.00" in JPY); a digit that the currency cannot hold ("49.995" in
 * USD) or anything but a plain non-negative decimal gives null rather than a rounded guess.
 */
export function decimalToMinor(amount: string, currency: string): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return null;
  const exponent = currencyExponent(currency);
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (/[^0]/.test(fraction.slice(exponent))) return null;
  return safeInteger(whole + fraction.slice(0, exponent).padEnd(exponent, "0"));
}

/** "4999" → 4999: a minor-unit amount sent as a string of digits (Paddle). */
export function digitsToMinor(amount: string): number | null {
  return /^\d+$/.test(amount) ? safeInteger(amount) : null;
}

function safeInteger(digits: string): number | null {
  const value = BigInt(digits);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

/**
 * Minor units for people: 4900 HUF → "HUF 49.00", 1000 JPY → "¥1,000", -1234 KWD →
 * "-KWD 1.234". The digits are `minorToDecimal`'s; Intl only adds the symbol and the
 * grouping, given the decimal string (formatted exactly, never as a float) and told to
 * show exactly the ISO number of decimals.
 */
export function formatMoney(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  return format.format(minorToDecimal(amount, currency) as Intl.StringNumericLiteral);
}
