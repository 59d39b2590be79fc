import { currencyExponent } from "./gateways/money";

/**
 * Money for people: integer minor units to the decimal string of the currency's major
 * unit, by string arithmetic (a float never touches money). Shared with the dashboard.
 */

export { currencyExponent, decimalToMinor } from "./gateways/money";

/** 4900 USD → "49.00", 1000 JPY → "1000", 1234 KWD → "1.234", -5 USD → "-0.05". */
export function minorToDecimal(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${amount} is not an integer amount in minor units`);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${amount < 0 ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}
