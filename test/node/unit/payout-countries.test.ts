import { describe, expect, it } from "vitest";
import { canPayTo } from "../../../src/payouts/countries";

/** Which creators Rekomi's platform can transfer to (Stripe's cross-border payouts regions). */
describe("canPayTo", () => {
  it("pays a creator in the platform's own country under the full service agreement", () => {
    expect(canPayTo("US", "US")).toEqual({ ok: true, serviceAgreement: "full" });
    expect(canPayTo("AU", "AU")).toEqual({ ok: true, serviceAgreement: "full" });
  });

  it("treats the EEA, the UK and Switzerland as one region: no cross-border agreement inside it", () => {
    for (const [platform, creator] of [["DE", "FR"], ["GB", "IE"], ["CH", "NO"], ["FR", "GB"], ["IS", "CH"]] as const) {
      expect(canPayTo(platform, creator)).toEqual({ ok: true, serviceAgreement: "full" });
    }
  });

  it("pays across the US, Canada, the UK, the EEA and Switzerland only under the recipient agreement", () => {
    for (const [platform, creator] of [["US", "GB"], ["US", "DE"], ["US", "CA"], ["US", "CH"], ["GB", "US"], ["DE", "CA"], ["CA", "US"]] as const) {
      expect(canPayTo(platform, creator)).toEqual({ ok: true, serviceAgreement: "recipient" });
    }
  });

  it("refuses countries outside those regions, with a sentence naming the country", () => {
    for (const creator of ["JP", "BR", "IN", "AU", "MX", "SG", "NG"]) {
      const answer = canPayTo("US", creator);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.reason).toContain(`creators in ${creator}`);
    }
  });

  it("lets a platform outside the cross-border regions pay only its own country", () => {
    expect(canPayTo("AU", "US").ok).toBe(false);
    expect(canPayTo("JP", "JP")).toEqual({ ok: true, serviceAgreement: "full" });
    const answer = canPayTo("AU", "NZ");
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.reason).toContain("AU");
  });

  it("accepts lower-case codes", () => {
    expect(canPayTo("us", "gb")).toEqual({ ok: true, serviceAgreement: "recipient" });
  });
});
