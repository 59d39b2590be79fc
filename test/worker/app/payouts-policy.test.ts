import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { settlementCurrency } from "../../../src/payouts/countries";
import { readPolicy, updatePolicy } from "../../../src/payouts/policy/policy";
import type { PayoutPolicy } from "../../../src/payouts/schemas";
import { call, createBrand, errorOf, usingDb } from "../support/fixtures";
import { json, savedMethod } from "../support/payouts";

const patch = (key: string, body: unknown) => call("/v1/payout-policy", { method: "PATCH", key, json: body });

describe("payout policy", () => {
  it("answers the defaults without creating anything: manual, no minimum, the brand's currency, approval required", async () => {
    const brand = await createBrand();
    const policy = await json<PayoutPolicy>(await call("/v1/payout-policy", { key: brand.apiKey }), 200);
    expect(policy).toEqual({
      object: "payout_policy",
      schedule: "manual",
      weekday: null,
      month_day: null,
      minimum_amount: 0,
      currency: "USD",
      requires_approval: true,
      require_tax_form: false,
      next_run_at: null,
      payment_method: null,
      payouts_configured: true,
    });
  });

  it("sets a weekly schedule to the next such weekday at 00:00 UTC, then monthly, then manual again", async () => {
    const brand = await createBrand();
    const before = Date.now();
    const weekly = await json<PayoutPolicy>(await patch(brand.apiKey, { schedule: "weekly", weekday: 1, minimum_amount: 2500, requires_approval: false }), 200);
    expect(weekly).toMatchObject({ schedule: "weekly", weekday: 1, month_day: null, minimum_amount: 2500, requires_approval: false });
    const next = new Date(weekly.next_run_at!);
    expect(next.getUTCDay()).toBe(1);
    expect(next.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(next.getTime()).toBeGreaterThan(before);
    expect(next.getTime() - before).toBeLessThanOrEqual(7 * 86_400_000);

    // Switching schedule drops the day of the old one; the other fields stay.
    const monthly = await json<PayoutPolicy>(await patch(brand.apiKey, { schedule: "monthly", month_day: 15 }), 200);
    expect(monthly).toMatchObject({ schedule: "monthly", weekday: null, month_day: 15, minimum_amount: 2500, requires_approval: false });
    expect(new Date(monthly.next_run_at!).getUTCDate()).toBe(15);

    const manual = await json<PayoutPolicy>(await patch(brand.apiKey, { schedule: "manual" }), 200);
    expect(manual).toMatchObject({ schedule: "manual", weekday: null, month_day: null, next_run_at: null });
    expect(await json<PayoutPolicy>(await call("/v1/payout-policy", { key: brand.apiKey }), 200)).toEqual(manual);
  });

  it("writes the brand's one tax-form rule and the currency, and shows the saved payment method", async () => {
    const brand = await createBrand();
    const methodId = await savedMethod(brand.brandId, "us_bank_account");
    const policy = await json<PayoutPolicy>(await patch(brand.apiKey, { require_tax_form: true, currency: "USD" }), 200);
    expect(policy).toMatchObject({ require_tax_form: true, currency: "USD", payment_method: { id: methodId, type: "us_bank_account", last4: "4242" } });
    // The same rule the tax-form pages read.
    const back = await json<PayoutPolicy>(await patch(brand.apiKey, { require_tax_form: false }), 200);
    expect(back.require_tax_form).toBe(false);
  });

  it("refuses what does not fit, naming the field, and changes nothing", async () => {
    const brand = await createBrand();
    const cases: [unknown, string][] = [
      [{ schedule: "weekly" }, "weekday"],
      [{ schedule: "monthly", weekday: 3 }, "weekday"],
      [{ schedule: "monthly", month_day: 29 }, "month_day"],
      [{ month_day: 3 }, "month_day"],
      [{ schedule: "weekly", weekday: 8 }, "weekday"],
      [{ schedule: "daily" }, "schedule"],
      [{ currency: "XYZ" }, "currency"],
      [{ currency: "usd" }, "currency"],
      [{ minimum_amount: -1 }, "minimum_amount"],
      [{ minimum_amount: 10.5 }, "minimum_amount"],
      [{ requires_approval: "no" }, "requires_approval"],
    ];
    for (const [body, param] of cases) {
      const res = await patch(brand.apiKey, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorOf(res), JSON.stringify(body)).toMatchObject({ code: "invalid_request", param });
    }
    const unknown = await patch(brand.apiKey, { surprise: true });
    expect(unknown.status).toBe(400);
    expect((await json<PayoutPolicy>(await call("/v1/payout-policy", { key: brand.apiKey }), 200)).schedule).toBe("manual");
  });

  it("pays in the platform's settlement currency only: another currency is refused naming it, and it is the default whatever the brand's currency", async () => {
    const brand = await createBrand();
    // A brand that sells in euros, on the test platform (STRIPE_PLATFORM_COUNTRY defaults to US).
    await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.update(schema.brands).set({ defaultCurrency: "EUR" }).where(eq(schema.brands.id, brand.brandId))));
    expect((await json<PayoutPolicy>(await call("/v1/payout-policy", { key: brand.apiKey }), 200)).currency).toBe("USD");
    const refused = await patch(brand.apiKey, { currency: "EUR", minimum_amount: 100 });
    expect(refused.status).toBe(422);
    const error = await errorOf(refused);
    expect(error).toMatchObject({ param: "currency" });
    expect(error.message).toContain("USD");
    // Nothing of the refused patch was kept.
    expect(await json<PayoutPolicy>(await call("/v1/payout-policy", { key: brand.apiKey }), 200)).toMatchObject({ currency: "USD", minimum_amount: 0 });

    // A British platform charges and pays in pounds.
    const gb = await usingDb((db) =>
      withBrand(db, brand.brandId, async (tx) => {
        await expect(updatePolicy(tx, brand.brandId, "GB", { currency: "USD" })).rejects.toMatchObject({ param: "currency", message: expect.stringContaining("GBP") });
        await updatePolicy(tx, brand.brandId, "GB", { currency: "GBP" });
        return readPolicy(tx, brand.brandId, "GB");
      }),
    );
    expect(gb.currency).toBe("GBP");
  });

  it("knows each platform country's settlement currency", () => {
    const expected: Record<string, string> = { US: "USD", CA: "CAD", GB: "GBP", CH: "CHF", AU: "AUD", NZ: "NZD", SG: "SGD", JP: "JPY", HK: "HKD", DE: "EUR", FR: "EUR", IE: "EUR", BG: "EUR", DK: "DKK", SE: "SEK", NO: "NOK", PL: "PLN", CZ: "CZK", HU: "HUF", RO: "RON" };
    for (const [country, currency] of Object.entries(expected)) expect(settlementCurrency(country), country).toBe(currency);
    expect(settlementCurrency("BR")).toBeNull();
  });
});
