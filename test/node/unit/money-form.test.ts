import { describe, expect, it } from "vitest";
import { ApiFailure } from "../../../web/src/api";
import { bpsToPercent, majorToMinor, percentToBps } from "../../../web/src/money";

/** The campaign form's conversions: what people type to what the API takes. */
describe("commission form values", () => {
  it("turns percentages into basis points and back", () => {
    expect(percentToBps("25", "rate")).toBe(2500);
    expect(percentToBps("12.5", "rate")).toBe(1250);
    expect(percentToBps("0.01", "rate")).toBe(1);
    expect(percentToBps(" 100 ", "rate")).toBe(10_000);
    expect(bpsToPercent(2500)).toBe("25");
    expect(bpsToPercent(1250)).toBe("12.5");
    expect(bpsToPercent(1)).toBe("0.01");
  });

  it("refuses percentages out of range or too precise, under the field", () => {
    for (const bad of ["0", "100.01", "12.345", "abc", "", "-5", "1e2"]) {
      const err = (() => {
        try {
          percentToBps(bad, "commission.rate_bps");
        } catch (e) {
          return e;
        }
      })();
      expect(err, bad).toBeInstanceOf(ApiFailure);
      expect((err as ApiFailure).param).toBe("commission.rate_bps");
    }
  });

  it("turns major units into minor units per currency", () => {
    expect(majorToMinor("49", "USD", "amount")).toBe(4900);
    expect(majorToMinor("49.9", "USD", "amount")).toBe(4990);
    expect(majorToMinor("1000", "JPY", "amount")).toBe(1000);
    expect(majorToMinor("1.234", "KWD", "amount")).toBe(1234);
    expect(majorToMinor("", "USD", "amount")).toBeNull();
    expect(() => majorToMinor("1.5", "JPY", "commission.amount")).toThrow(/whole amount in JPY/);
    expect(() => majorToMinor("49.999", "USD", "commission.amount")).toThrow(/at most 2 decimals/);
    expect(() => majorToMinor("49", "usd dollars", "commission.amount")).toThrow(ApiFailure);
  });
});
