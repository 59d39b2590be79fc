import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withAffiliate } from "../../../src/infra/db/principal";
import { affiliates } from "../../../src/infra/db/schema";
import { call, createAffiliate, createBrand, dashboardBrand, signedUpCreator, usingDb } from "../support/fixtures";
import { customer, sale, seller } from "../support/commissions";

type Factor = { factor: string; points: number; reason: string };

async function sales(affiliate: { affiliateId: string; email: string }, n: number) {
  const s = await seller(undefined, affiliate);
  await customer(s, "cus_perf");
  for (let i = 0; i < n; i++) await sale(s, "cus_perf", `in_perf_${i}`, 1000);
}

describe("the match score's track record", () => {
  it("recommended creators: credited sales of the last 90 days, across brands, raise the performance factor", async () => {
    const brand = await createBrand();
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { niches: ["zqperf"] } });
    const proven = await createAffiliate({ listed: true, name: "Proven" });
    const newcomer = await createAffiliate({ listed: true, name: "Newcomer" });
    for (const c of [proven, newcomer]) await usingDb((db) => withAffiliate(db, c.affiliateId, (tx) => tx.update(affiliates).set({ niches: ["zqperf"] }).where(eq(affiliates.id, c.affiliateId))));
    await sales(proven, 10);

    const body = await (await call(`/v1/campaigns/${brand.campaignId}/recommended-creators?limit=50`, { key: brand.apiKey })).json<{ data: { affiliate: { id: string }; factors: Factor[] }[] }>();
    const performance = (id: string) => body.data.find((r) => r.affiliate.id === id)!.factors.find((f) => f.factor === "performance");
    expect(performance(proven.affiliateId)).toEqual({ factor: "performance", points: 7, max: 15, reason: "10 sales credited in the last 90 days." });
    expect(performance(newcomer.affiliateId)).toMatchObject({ points: 5, reason: "0 sales credited in the last 90 days." });
    expect(body.data.map((r) => r.affiliate.id).indexOf(proven.affiliateId)).toBeLessThan(body.data.map((r) => r.affiliate.id).indexOf(newcomer.affiliateId));
  });

  it("matches for you: the creator's own credited sales count for every campaign", async () => {
    const listed = await dashboardBrand({ niches: ["zqmatch"] });
    const creator = await signedUpCreator({ niches: ["zqmatch"] });
    await sales({ affiliateId: creator.affiliateId, email: creator.email }, 5);
    const matches = await (await creator.browser.get("/api/creator/matches?limit=50")).json<{ data: { campaign: { id: string }; factors: Factor[] }[] }>();
    const match = matches.data.find((m) => m.campaign.id === listed.campaignId)!;
    expect(match.factors.find((f) => f.factor === "performance")).toMatchObject({ points: 6, reason: "5 sales credited in the last 90 days." });
  });
});
