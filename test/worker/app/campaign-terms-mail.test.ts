import { describe, expect, it } from "vitest";
import { call, createAffiliate, createBrand, enrollmentIn, mailTo, usingDb, type BrandFixture } from "../support/fixtures";
import type { EnrollmentStatus } from "../../../src/infra/db/schema";

/**
 * A brand changing terms creators rely on (commission, duration, cookie window, per-product
 * rates…) tells the creators who chose the campaign: approved or paused in it, or waiting on
 * their own application. Not creators who only got an offer, left, or are in another campaign;
 * and nobody when the change is not material (a new name).
 */

const termsMail = async (email: string) => (await mailTo(email)).filter((m) => m.subject.includes("changed the terms of"));

async function creatorsIn(brand: BrandFixture, statuses: EnrollmentStatus[]) {
  const out: Partial<Record<EnrollmentStatus, string>> = {};
  for (const status of statuses) {
    const creator = await createAffiliate();
    await usingDb((db) => enrollmentIn(db, { brandId: brand.brandId, campaignId: brand.campaignId, affiliateId: creator.affiliateId }, status));
    out[status] = creator.email;
  }
  return out as Record<EnrollmentStatus, string>;
}

const patch = (brand: BrandFixture, json: unknown) => call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json });

describe("creators hear of term changes", () => {
  it("mails creators who chose the campaign what changed and the new commission; not offers, ended ones or other brands' creators", async () => {
    const brand = await createBrand("Acme Terms");
    const other = await createBrand("Other brand");
    const told = await creatorsIn(brand, ["approved", "paused", "pending"]);
    const untold = await creatorsIn(brand, ["invited", "ended", "declined"]);
    const elsewhere = (await creatorsIn(other, ["approved"])).approved;

    const res = await patch(brand, { commission: { rate_bps: 1500 }, cookie_window_days: 14 });
    expect(res.status, await res.clone().text()).toBe(200);

    for (const email of Object.values(told)) {
      const mails = await termsMail(email);
      expect(mails, email).toHaveLength(1);
      expect(mails[0]!.subject).toBe("Acme Terms changed the terms of Acme Terms campaign");
      expect(mails[0]!.text).toContain("commission type or rate, cookie window");
      expect(mails[0]!.text).toContain("The commission is now 15 % of every payment for 12 months.");
    }
    for (const email of [...Object.values(untold), elsewhere]) expect(await termsMail(email), email).toHaveLength(0);

    // A new name changes nothing a creator relies on.
    expect((await patch(brand, { name: "Acme Terms renamed" })).status).toBe(200);
    expect(await termsMail(told.approved)).toHaveLength(1);
  });

  it("mails them when a per-product rate changes, and not when it is saved again unchanged", async () => {
    const brand = await createBrand("Acme Rates");
    const { approved } = await creatorsIn(brand, ["approved"]);
    const put = () => call(`/v1/campaigns/${brand.campaignId}/commission-overrides/pro_yearly`, { method: "PUT", key: brand.apiKey, json: { type: "flat", amount: 700 } });
    expect((await put()).status).toBe(200);
    const mails = await termsMail(approved);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("per-product commission rates");
    expect((await put()).status).toBe(200);
    expect(await termsMail(approved)).toHaveLength(1);
  });
});
