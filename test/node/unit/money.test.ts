import { describe, expect, it } from "vitest";
import { currencyExponent, isoCurrency } from "../../../src/currencies";
import { decimalToMinor, digitsToMinor, formatMoney, minorToDecimal } from "../../../src/money";
import { majorToMinor } from "../../../web/src/money";

/** src/money.ts: the one module the server, the CSV exports, the forms and the dashboard use. */

/** Intl puts a no-break space between a currency code and the number. */
const shown = (amount: number, currency: string) => formatMoney(amount, currency).replace(/\u00a0/g, " ");

describe("currency exponents", () => {
  it("knows the zero- and three-decimal currencies and defaults to two", () => {
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("jpy")).toBe(0);
    expect(currencyExponent("KRW")).toBe(0);
    for (const code of ["KWD", "BHD", "JOD", "OMR", "TND"]) expect(currencyExponent(code)).toBe(3);
    for (const code of ["USD", "EUR", "GBP", "CHF"]) expect(currencyExponent(code)).toBe(2);
  });

  it("upper-cases ISO codes and refuses anything else", () => {
    expect(isoCurrency("eur")).toBe("EUR");
    expect(isoCurrency("USD")).toBe("USD");
    for (const bad of ["EURO", "US", "", "U$D", 840, null, undefined]) expect(isoCurrency(bad)).toBeNull();
  });
});

describe("decimal amounts to minor units (string arithmetic)", () => {
  it.each([
    ["49.99", "USD", 4999],
    ["49.9", "USD", 4990],
    ["49", "USD", 4900],
    ["0.01", "EUR", 1],
    ["0.00", "USD", 0],
    ["250.0", "USD", 25000],
    ["1000.00", "USD", 100000],
    ["5500", "JPY", 5500],
    ["5500.00", "JPY", 5500],
    ["12.5", "KWD", 12500],
    ["1.234", "BHD", 1234],
    ["0.001", "OMR", 1],
    ["49.990", "USD", 4999],
    ["90071992547409.91", "USD", 9_007_199_254_740_991],
  ])("%s %s → %i", (amount, currency, minor) => {
    expect(decimalToMinor(amount, currency)).toBe(minor);
  });

  it("is exact where floats are not (0.29 × 100 = 28.999999999999996)", () => {
    expect(0.29 * 100).not.toBe(29);
    expect(decimalToMinor("0.29", "USD")).toBe(29);
    expect(decimalToMinor("1.005", "KWD")).toBe(1005);
  });

  it.each([
    ["49.995", "USD"],
    ["5500.5", "JPY"],
    ["1.2345", "KWD"],
    ["-5.00", "USD"],
    ["1e3", "USD"],
    ["12,50", "EUR"],
    [".50", "USD"],
    ["5.", "USD"],
    ["", "USD"],
    ["90071992547409.92", "USD"],
  ])("refuses %s %s instead of guessing", (amount, currency) => {
    expect(decimalToMinor(amount, currency)).toBeNull();
  });

  it("reads minor-unit strings and refuses anything but digits", () => {
    expect(digitsToMinor("4999")).toBe(4999);
    expect(digitsToMinor("0")).toBe(0);
    for (const bad of ["49.99", "-1", "", " 12", "1e3", "9007199254740992"]) expect(digitsToMinor(bad)).toBeNull();
  });
});

describe("minor units to decimal strings", () => {
  it("follows each currency's exponent without floats", () => {
    expect(minorToDecimal(4900, "USD")).toBe("49.00");
    expect(minorToDecimal(1000, "JPY")).toBe("1000");
    expect(minorToDecimal(1234, "KWD")).toBe("1.234");
    expect(minorToDecimal(5, "USD")).toBe("0.05");
    expect(minorToDecimal(0, "EUR")).toBe("0.00");
    expect(minorToDecimal(-5, "USD")).toBe("-0.05");
    expect(minorToDecimal(7, "bhd")).toBe("0.007");
    // The largest safe integer keeps every digit (a float division would round it).
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, "USD")).toBe("90071992547409.91");
  });

  it("refuses what is not an integer amount", () => {
    expect(() => minorToDecimal(49.5, "USD")).toThrow(RangeError);
    expect(() => minorToDecimal(Number.MAX_SAFE_INTEGER + 2, "USD")).toThrow(RangeError);
  });
});

/**
 * Currencies where Intl's decimals differ from ISO 4217 (HUF and IQD among 17) or are not
 * two (JPY, ISK, KWD): the dashboard once showed 4900 HUF as "HUF 4,900" while the API, the
 * CSV and the forms meant 49.00.
 */
describe.each([
  { currency: "HUF", minor: 4900, decimal: "49.00", display: "HUF 49.00", big: 123456789, bigDisplay: "HUF 1,234,567.89" },
  { currency: "JPY", minor: 1000, decimal: "1000", display: "¥1,000", big: 123456789, bigDisplay: "¥123,456,789" },
  { currency: "KWD", minor: 1234, decimal: "1.234", display: "KWD 1.234", big: 123456789, bigDisplay: "KWD 123,456.789" },
  { currency: "ISK", minor: 4900, decimal: "4900", display: "ISK 4,900", big: 123456789, bigDisplay: "ISK 123,456,789" },
  { currency: "IQD", minor: 4900, decimal: "4.900", display: "IQD 4.900", big: 123456789, bigDisplay: "IQD 123,456.789" },
])("$currency, per ISO 4217", ({ currency, minor, decimal, display, big, bigDisplay }) => {
  it("formats with the ISO number of decimals, grouped", () => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
    expect(shown(minor, currency)).toBe(display);
    expect(shown(big, currency)).toBe(bigDisplay);
    expect(shown(-minor, currency)).toBe(`-${display}`);
    expect(shown(0, currency)).toMatch(currencyExponent(currency) === 0 ? /0$/ : new RegExp(`0\\.${"0".repeat(currencyExponent(currency))}$`));
  });

  it("parses what the forms and the gateways send", () => {
    expect(decimalToMinor(decimal, currency)).toBe(minor);
    expect(majorToMinor(decimal, currency, "amount")).toBe(minor);
    const tooPrecise = `1.${"0".repeat(currencyExponent(currency))}5`;
    expect(decimalToMinor(tooPrecise, currency)).toBeNull();
    expect(() => majorToMinor(tooPrecise, currency, "amount")).toThrow(currencyExponent(currency) === 0 ? /whole amount/ : `at most ${currencyExponent(currency)} decimals`);
  });

  it("round-trips every amount through its decimal string", () => {
    for (const amount of [0, 1, 9, 10, 99, 100, 101, 999, 1000, 4900, 123456789, Number.MAX_SAFE_INTEGER]) {
      expect(decimalToMinor(minorToDecimal(amount, currency), currency)).toBe(amount);
    }
  });
});

describe("formatting money", () => {
  it("keeps every digit of the largest amount (a float division would round it)", () => {
    expect(shown(Number.MAX_SAFE_INTEGER, "USD")).toBe("$90,071,992,547,409.91");
    expect(shown(Number.MAX_SAFE_INTEGER, "JPY")).toBe("¥9,007,199,254,740,991");
  });

  it("shows cents and signs as accountants expect", () => {
    expect(shown(5, "USD")).toBe("$0.05");
    expect(shown(-5, "USD")).toBe("-$0.05");
    expect(shown(4990, "EUR")).toBe("€49.90");
  });

  it("refuses what is not an integer amount", () => {
    expect(() => formatMoney(49.5, "USD")).toThrow(RangeError);
  });
});
