import { currencyExponent, isIsoCurrency } from "../currencies";

/**
 * Currency handling for gateways that send amounts as decimal strings (Braintree "49.99")
 * or minor-unit strings (Paddle "4999"). Only string arithmetic: a float never touches money.
 */

export { currencyExponent } from "../currencies";

/** An accepted ISO 4217 code in upper case (src/currencies.ts), or null. */
export function isoCurrency(value: unknown): string | null {
  const code = typeof value === "string" && /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : null;
  return code !== null && isIsoCurrency(code) ? code : null;
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
