import { describe, expect, it } from "vitest";
import { withAffiliate } from "../../../src/infra/db/principal";
import { affiliates } from "../../../src/infra/db/schema";
import { eq } from "drizzle-orm";
import { call, createAffiliate, createBrand, enroll, usingDb } from "../support/fixtures";

async function profile(affiliateId: string, values: Partial<typeof affiliates.$inferInsert>) {
  await usingDb((db) => withAffiliate(db, affiliateId, (tx) => tx.update(affiliates).set(values).where(eq(affiliates.id, affiliateId))));
}

type Recommended = { data: { affiliate: { id: string }; score: number; factors: { factor: string; reason: string }[] }[] };

describe("recommended creators", () => {
  it("ranks network creators for a campaign and explains each score", async () => {
    const brand = await createBrand();
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { niches: ["zzfit", "zzhealth"], target_markets: ["NZ"] } });
    const strong = await createAffiliate({ listed: true, name: "Strong" });
    const weak = await createAffiliate({ listed: true, name: "Weak" });
    const unlisted = await createAffiliate({ listed: false });
    const enrolled = await createAffiliate({ listed: true });
    await profile(strong.affiliateId, { niches: ["zzfit", "zzhealth"], countries: ["NZ"], audience: [{ channel: "youtube", size: 120_000 }] });
    await profile(weak.affiliateId, { niches: ["zzfit"], countries: ["FR"], audience: [{ channel: "blog", size: 2_000 }] });
    await profile(unlisted.affiliateId, { niches: ["zzfit", "zzhealth"], countries: ["NZ"] });
    await profile(enrolled.affiliateId, { niches: ["zzfit", "zzhealth"], countries: ["NZ"] });
    await enroll(brand, enrolled.affiliateId);

    const res = await call(`/v1/campaigns/${brand.campaignId}/recommended-creators?limit=50`, { key: brand.apiKey });
    expect(res.status).toBe(200);
    const body = await res.json<Recommended>();
    const ids = body.data.map((r) => r.affiliate.id);
    expect(ids.indexOf(strong.affiliateId)).toBe(0);
    expect(ids).toContain(weak.affiliateId);
    expect(ids).not.toContain(unlisted.affiliateId);
    expect(ids).not.toContain(enrolled.affiliateId);
    const top = body.data[0]!;
    expect(top.score).toBe(40 + 25 + 15 + 5);
    expect(top.factors.find((f) => f.factor === "niche")!.reason).toContain("zzfit, zzhealth");
  });

  it("gives 404 for another brand's campaign", async () => {
    const a = await createBrand();
    const b = await createBrand();
    expect((await call(`/v1/campaigns/${b.campaignId}/recommended-creators`, { key: a.apiKey })).status).toBe(404);
  });
});
