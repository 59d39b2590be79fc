import { ApiFailure } from "./api";
import { currencyExponent, decimalToMinor, formatMoney, minorToDecimal } from "../../src/money";

/**
 * Money in the dashboard: the server's money module (src/money.ts) shows and converts
 * amounts, so a page, a form, the API and the CSV exports agree on every currency's
 * decimals. Forms add what people type: major units ("49.90") and percentages ("12.5")
 * to the integer minor units and basis points the API takes.
 */

export { currencyExponent, formatMoney, minorToDecimal };

/** A form value that cannot be converted, reported under its field like a server error. */
function invalid(param: string, message: string): ApiFailure {
  return new ApiFailure(400, "invalid_request", message, param);
}

/** "49.90" in USD → 4990; "" → null. Refuses what the currency cannot hold ("1.5" JPY). */
export function majorToMinor(text: string, currency: string, param: string): number | null {
  const value = text.trim();
  if (value === "") return null;
  const exponent = currencyExponent(currency);
  const minor = /^[A-Z]{3}$/.test(currency) ? decimalToMinor(value, currency) : null;
  if (minor === null) {
    throw invalid(param, exponent === 0 ? `Enter a whole amount in ${currency}, like 1000.` : `Enter an amount in ${currency} with at most ${exponent} decimals, like ${minorToDecimal(49 * 10 ** exponent, currency)}.`);
  }
  return minor;
}

/** "12.5" → 1250 basis points; at most two decimals, 0.01 to 100. */
export function percentToBps(text: string, param: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  const bps = match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : NaN;
  if (!(bps >= 1 && bps <= 10_000)) throw invalid(param, "Enter a percentage between 0.01 and 100, like 25 or 12.5.");
  return bps;
}

/** 1250 → "12.5". */
export function bpsToPercent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const rest = String(bps % 100).padStart(2, "0").replace(/0+$/, "");
  return rest ? `${whole}.${rest}` : String(whole);
}
