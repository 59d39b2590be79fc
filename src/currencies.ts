/**
 * ISO 4217: the currencies Rekomi accepts, with the digits of each one's minor unit. One
 * list for every boundary (REST, dashboard, S2S, gateways) and for the money module, so a
 * code that is accepted can always be displayed, and `XYZ` is refused everywhere.
 * Precious metals, testing and fund codes (XAU, XTS, XXX, XDR…) are not currencies a
 * subscription is sold in and are left out.
 */
const TWO_DECIMALS =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC " +
  "CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR " +
  "KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK " +
  "PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH " +
  "USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL";
const ZERO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND";
const FOUR_DECIMALS = "CLF UYW";

const EXPONENTS = new Map<string, number>(
  [TWO_DECIMALS, ZERO_DECIMALS, THREE_DECIMALS, FOUR_DECIMALS].flatMap((list, i) => list.split(" ").map((code) => [code, [2, 0, 3, 4][i]!] as const)),
);

/** True for an ISO 4217 code in capitals that Rekomi accepts. */
export function isIsoCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}

/** An accepted ISO 4217 code in upper case from untrusted input (a gateway's payload), or null. */
export function isoCurrency(value: unknown): string | null {
  const code = typeof value === "string" && /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : null;
  return code !== null && isIsoCurrency(code) ? code : null;
}

/** Digits after the decimal point in `currency`'s minor unit (2 for a code not listed). */
export function currencyExponent(currency: string): number {
  return EXPONENTS.get(currency.toUpperCase()) ?? 2;
}

export const CURRENCY_MESSAGE = "must be an ISO 4217 currency code in capitals, like USD";
