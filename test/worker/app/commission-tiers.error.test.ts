import { describe, expect, it } from "vitest";
import type { Campaign } from "../../../src/campaigns/schemas";
import { CAMPAIGN_INPUT, call, createBrand, dashboardBrand } from "../support/fixtures";
import { expectError } from "../support/tracking";

const pct = (metric: string, threshold: number, rate_bps = 3000) => ({ metric, threshold, type: "percentage", rate_bps });

describe("performance tiers refused", () => {
  it("names the tier and field at fault on both doors", async () => {
    const brand = await createBrand();
    const create = (tiers: unknown[]) => call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: { ...CAMPAIGN_INPUT, tiers } });
    await expectError(await create([pct("sales", 11), pct("revenue", 50_000)]), 400, "invalid_request", "tiers.1.metric");
    await expectError(await create([pct("sales", 11), pct("sales", 11)]), 400, "invalid_request", "tiers.1.threshold");
    await expectError(await create([pct("sales", 21), pct("sales", 11)]), 400, "invalid_request", "tiers.1.threshold");
    await expectError(await create([{ metric: "sales", threshold: 5, type: "flat" }]), 400, "invalid_request", "tiers.0.amount");
    await expectError(await create([{ metric: "sales", threshold: 5, type: "percentage", rate_bps: 2000, amount: 100 }]), 400, "invalid_request", "tiers.0.amount");
    await expectError(await create([pct("sales", 0)]), 400, "invalid_request", "tiers.0.threshold");
    await expectError(await create([pct("sales", 2.5)]), 400, "invalid_request", "tiers.0.threshold");
    await expectError(await create([pct("visits", 5)]), 400, "invalid_request", "tiers.0.metric");
    await expectError(await create([pct("sales", 5, 10_001)]), 400, "invalid_request", "tiers.0.rate_bps");
    const list = await (await call("/v1/campaigns?limit=100", { key: brand.apiKey })).json<{ data: Campaign[] }>();
    expect(list.data).toHaveLength(1); // only the fixture's

    const { owner, brandId, campaignId } = await dashboardBrand();
    const patch = await owner.patch(`/api/brands/${brandId}/campaigns/${campaignId}`, { tiers: [pct("sales", 11), pct("sales", 5)] });
    await expectError(patch, 400, "invalid_request", "tiers.1.threshold");
    const after = await (await owner.get(`/api/brands/${brandId}/campaigns/${campaignId}`)).json<Campaign>();
    expect(after.tiers).toEqual([]);
  });

  it("will not move revenue thresholds to a new currency silently", async () => {
    const brand = await createBrand();
    const res = await call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: { ...CAMPAIGN_INPUT, tiers: [pct("revenue", 100_000)] } });
    const campaign = await res.json<Campaign>();
    const moved = await call(`/v1/campaigns/${campaign.id}`, { method: "PATCH", key: brand.apiKey, json: { commission: { currency: "EUR" } } });
    const error = await expectError(moved, 400, "invalid_request", "commission.currency");
    expect(error.message).toContain("revenue tiers are in USD minor units");
    const both = await call(`/v1/campaigns/${campaign.id}`, { method: "PATCH", key: brand.apiKey, json: { commission: { currency: "EUR" }, tiers: [pct("revenue", 90_000)] } });
    expect(both.status).toBe(200);
    expect(await both.json<Campaign>()).toMatchObject({ commission: { currency: "EUR" }, tiers: [{ metric: "revenue", threshold: 90_000 }] });
  });
});
