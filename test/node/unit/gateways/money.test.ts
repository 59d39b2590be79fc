import { describe, expect, it } from "vitest";
import { currencyExponent, decimalToMinor, digitsToMinor, isoCurrency } from "../../../../src/gateways/money";

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
