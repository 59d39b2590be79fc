import { describe, expect, inject, it } from "vitest";
import { call, createBrand } from "../support/fixtures";
import { clickThrough, dashboardS2sKey, dashboardTracking, expectJson, track } from "../support/brand-dashboard";
import { Pipeline } from "../support/tracking";

type Page<T> = { data: T[] };

/**
 * Two brands side by side: the dashboard routes must not let one touch, or even see, the
 * other's links, creators, conversions, clicks, keys, endpoints or deliveries, whichever
 * brand's path the ids are sent under.
 */
describe("brand dashboard isolation", () => {
  it("answers 404 for another brand's ids and never mixes their data", async () => {
    const a = await dashboardTracking({ creatorName: "A's creator" });
    const b = await dashboardTracking({ creatorName: "B's creator" });
    const pipe = new Pipeline();
    const [click] = await clickThrough(pipe, b.link.code, 2);
    const bKey = await dashboardS2sKey(b.owner, b.brandId);
    await track(pipe, bKey, [["sale", { click_id: click, amount: 4900, currency: "USD", invoice_id: "b-only" }]]);
    const bEndpoint = await expectJson<{ id: string }>(await b.owner.post(`/api/brands/${b.brandId}/webhook-endpoints`, { url: `${inject("webhookSinkUrl")}/hooks/isolation-${b.brandId}` }), 201);
    const bDelivery = await expectJson<{ id: string }>(await b.owner.post(`/api/brands/${b.brandId}/webhook-endpoints/${bEndpoint.id}/test`), 202);

    const own = `/api/brands/${a.brandId}`;
    // B's ids under A's own path: not found (RLS hides them).
    expect((await a.owner.patch(`${own}/links/${b.link.id}`, { status: "disabled" })).status).toBe(404);
    expect((await a.owner.post(`${own}/links`, { enrollment_id: b.enrollmentId })).status).toBe(404);
    expect((await a.owner.post(`${own}/campaigns/${b.campaignId}/enrollments`, { affiliate_id: a.affiliateId })).status).toBe(404);
    expect((await a.owner.post(`${own}/s2s-keys/${bKey.keyId}/rotate`, {})).status).toBe(404);
    expect((await a.owner.delete(`${own}/s2s-keys/${bKey.keyId}`)).status).toBe(404);
    expect((await a.owner.patch(`${own}/webhook-endpoints/${bEndpoint.id}`, { status: "disabled" })).status).toBe(404);
    expect((await a.owner.get(`${own}/webhook-endpoints/${bEndpoint.id}/deliveries`)).status).toBe(404);
    expect((await a.owner.get(`${own}/webhook-deliveries/${bDelivery.id}`)).status).toBe(404);
    expect((await a.owner.post(`${own}/webhook-deliveries/${bDelivery.id}/redeliver`)).status).toBe(404);
    // A brand that works with B's creator only through B does not get to see them.
    expect((await a.owner.post(`${own}/campaigns/${a.campaignId}/enrollments`, { affiliate_id: b.affiliateId })).status).toBe(201);

    // Filters naming B's campaign or creator find nothing of B's.
    const links = await expectJson<Page<{ id: string }>>(await a.owner.get(`${own}/links?campaign_id=${b.campaignId}`), 200);
    expect(links.data).toEqual([]);
    const conversions = await expectJson<Page<unknown>>(await a.owner.get(`${own}/conversions?campaign_id=${b.campaignId}`), 200);
    expect(conversions.data).toEqual([]);
    const csv = await (await a.owner.get(`${own}/conversions/export.csv`)).text();
    expect(csv).not.toContain("b-only");
    const analytics = await expectJson<{ totals: { clicks: number; sales: number } }>(await a.owner.get(`${own}/analytics?affiliate_id=${b.affiliateId}`), 200);
    expect(analytics.totals).toMatchObject({ clicks: 0, sales: 0 });
    const quickstart = await expectJson<{ steps: { rk_js: { done: boolean } } }>(await a.owner.get(`${own}/quickstart`), 200);
    expect(quickstart.steps.rk_js.done).toBe(false);
    expect((await expectJson<Page<unknown>>(await a.owner.get(`${own}/s2s-keys`), 200)).data).toEqual([]);
    expect((await expectJson<Page<unknown>>(await a.owner.get(`${own}/webhook-endpoints`), 200)).data).toEqual([]);

    // And B's own path is closed to A's owner altogether.
    for (const path of ["links", "conversions", "conversions/export.csv", "analytics", "quickstart", "s2s-keys", "webhook-endpoints", "affiliates"]) {
      expect((await a.owner.get(`/api/brands/${b.brandId}/${path}`)).status, path).toBe(404);
    }

    // B's data is untouched.
    const bLinks = await expectJson<Page<{ status: string; clicks: { total: number } }>>(await b.owner.get(`/api/brands/${b.brandId}/links`), 200);
    expect(bLinks.data).toEqual([expect.objectContaining({ status: "active", clicks: expect.objectContaining({ total: 2 }) })]);
  });

  it("takes cookies only: an API key is no credential for the dashboard API", async () => {
    const brand = await createBrand();
    const res = await call(`/api/brands/${brand.brandId}/conversions/export.csv`, { key: brand.apiKey });
    expect(res.status).toBe(401);
    const write = await call(`/api/brands/${brand.brandId}/s2s-keys`, { method: "POST", key: brand.apiKey, json: { name: "x" }, headers: { origin: "http://worker.test" } });
    expect(write.status).toBe(401);
  });

  it("refuses cross-site writes that would mint secrets", async () => {
    const a = await dashboardTracking();
    const res = await a.owner.request("POST", `/api/brands/${a.brandId}/s2s-keys`, { name: "csrf" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await expectJson<Page<unknown>>(await a.owner.get(`/api/brands/${a.brandId}/s2s-keys`), 200)).data).toEqual([]);
  });
});
