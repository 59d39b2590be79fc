import { describe, expect, it } from "vitest";
import { dashboardTracking, expectJson } from "../support/brand-dashboard";
import { call, createAffiliate, createBrand, enroll } from "../support/fixtures";

type Aff = { id: string; email: string | null; in_network: boolean };

describe("affiliates API", () => {
  it("lists the brand's own creators with emails, and network creators without", async () => {
    const brand = await createBrand();
    const mine = await createAffiliate({ listed: false, name: "Mine" });
    const network = await createAffiliate({ listed: true, name: "Network" });
    const stranger = await createAffiliate({ listed: false });
    await enroll(brand, mine.affiliateId);

    const enrolled = await (await call("/v1/affiliates", { key: brand.apiKey })).json<{ data: Aff[] }>();
    expect(enrolled.data).toEqual([expect.objectContaining({ id: mine.affiliateId, email: mine.email, in_network: false })]);

    const net = await (await call("/v1/affiliates?scope=network&limit=100", { key: brand.apiKey })).json<{ data: Aff[] }>();
    const found = net.data.find((a) => a.id === network.affiliateId);
    expect(found).toMatchObject({ email: null, in_network: true });
    expect(net.data.some((a) => a.id === stranger.affiliateId)).toBe(false);

    expect((await call(`/v1/affiliates/${mine.affiliateId}`, { key: brand.apiKey })).status).toBe(200);
    expect((await call(`/v1/affiliates/${stranger.affiliateId}`, { key: brand.apiKey })).status).toBe(404);
  });

  it("does not show another brand's creators", async () => {
    const a = await createBrand();
    const b = await createBrand();
    const theirs = await createAffiliate({ listed: false });
    await enroll(b, theirs.affiliateId);
    expect((await call(`/v1/affiliates/${theirs.affiliateId}`, { key: a.apiKey })).status).toBe(404);
    const list = await (await call("/v1/affiliates", { key: a.apiKey })).json<{ data: Aff[] }>();
    expect(list.data).toEqual([]);
  });

  it("is one operation on both doors: the dashboard answers what /v1 answers, by the same names", async () => {
    const t = await dashboardTracking();
    const { key } = await expectJson<{ key: string }>(await t.owner.post(`/api/brands/${t.brandId}/api-keys`, { name: "both doors" }), 201);
    const pairs = [
      [`/v1/affiliates`, `/api/brands/${t.brandId}/affiliates`],
      [`/v1/affiliates/${t.affiliateId}`, `/api/brands/${t.brandId}/affiliates/${t.affiliateId}`],
      [`/v1/campaigns/${t.campaignId}/enrollments`, `/api/brands/${t.brandId}/campaigns/${t.campaignId}/enrollments`],
      [`/v1/enrollments/${t.enrollmentId}`, `/api/brands/${t.brandId}/enrollments/${t.enrollmentId}`],
      [`/v1/campaigns/${t.campaignId}/recommended-creators`, `/api/brands/${t.brandId}/campaigns/${t.campaignId}/recommended-creators`],
    ];
    for (const [v1, dashboard] of pairs) {
      const viaKey = await expectJson<unknown>(await call(v1!, { key }), 200);
      expect(await expectJson<unknown>(await t.owner.get(dashboard!), 200), dashboard).toEqual(viaKey);
    }
    const missing = await t.owner.get(`/api/brands/${t.brandId}/affiliates/aff_01jdx3h5c2v7n9q4r8t6w0y2z1`);
    expect(missing.status).toBe(404);
    expect((await missing.json<{ error: { param: string } }>()).error.param).toBe("affiliateId");
  });
});
