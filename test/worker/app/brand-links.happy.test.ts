import { describe, expect, it } from "vitest";
import { acceptOfferDirectly, createAffiliate, teammate } from "../support/fixtures";
import { clickThrough, dashboardTracking, expectJson } from "../support/brand-dashboard";
import { Pipeline, brandRows } from "../support/tracking";
import * as schema from "../../../src/infra/db/schema";

type BrandLink = { id: string; code: string; url: string; enrollment_id: string; affiliate_name: string; status: string; destination_url: string | null; clicks: { total: number; last_30_days: number } };
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

describe("tracking links in the brand dashboard", () => {
  it("lists a campaign's links with the creator's name and click counts from the daily rollups", async () => {
    const t = await dashboardTracking({ creatorName: "Robin Reviews" });
    const pipe = new Pipeline();
    await clickThrough(pipe, t.link.code, 3);
    // An older day in the rollup counts in the total but not in the last 30 days.
    await brandRows(t.brandId, (tx) =>
      tx.insert(schema.linkDailyClicks).values({ linkId: t.link.id, day: "2025-01-15", brandId: t.brandId, campaignId: t.campaignId, enrollmentId: t.enrollmentId, affiliateId: t.affiliateId, clicks: 40 }),
    );
    const second = await expectJson<BrandLink>(await t.owner.post(`/api/brands/${t.brandId}/links`, { enrollment_id: t.enrollmentId, destination_url: "https://shop.example/black-friday" }), 201);

    const page = await expectJson<Page<BrandLink>>(await t.owner.get(`/api/brands/${t.brandId}/links?campaign_id=${t.campaignId}`), 200);
    expect(page.data.map((l) => l.id)).toEqual([second.id, t.link.id]);
    expect(page.data[1]).toMatchObject({ code: t.link.code, url: `https://go.rekomi.test/c/${t.link.code}`, affiliate_name: "Robin Reviews", status: "active", clicks: { total: 43, last_30_days: 3 } });
    expect(page.data[0]).toMatchObject({ destination_url: "https://shop.example/black-friday", clicks: { total: 0, last_30_days: 0 } });
    expect(second.code).toMatch(/^[0-9A-Za-z]{8}$/);

    const byEnrollment = await expectJson<Page<BrandLink>>(await t.owner.get(`/api/brands/${t.brandId}/links?enrollment_id=${t.enrollmentId}&limit=1`), 200);
    expect(byEnrollment).toMatchObject({ has_more: true, data: [{ id: second.id }] });
  });

  it("pauses and resumes a link: the edge stops and starts redirecting it", async () => {
    const t = await dashboardTracking();
    const member = await teammate(t.owner, t.brandId, "member");
    const paused = await expectJson<BrandLink>(await member.patch(`/api/brands/${t.brandId}/links/${t.link.id}`, { status: "disabled" }), 200);
    expect(paused.status).toBe("disabled");
    // A fresh pipeline per request: the isolate cache would otherwise keep the link up to 30 s.
    expect((await new Pipeline().edgeFetch(`/c/${t.link.code}`)).status).toBe(404);
    const resumed = await expectJson<BrandLink>(await member.patch(`/api/brands/${t.brandId}/links/${t.link.id}`, { status: "active" }), 200);
    expect(resumed.status).toBe("active");
  });

  it("offers a creator the brand already works with a place in another campaign; once they accept, makes their link with a vanity code", async () => {
    const t = await dashboardTracking();
    const other = await expectJson<{ id: string }>(
      await t.owner.post(`/api/brands/${t.brandId}/campaigns`, { name: "Annual plan", destination_url: "https://shop.example/annual", commission: { type: "flat", amount: 5000, currency: "USD", duration: "one_time" } }),
      201,
    );
    const known = await expectJson<Page<{ id: string; email: string | null }>>(await t.owner.get(`/api/brands/${t.brandId}/affiliates`), 200);
    expect(known.data.map((c) => c.id)).toEqual([t.affiliateId]);
    expect(known.data[0]!.email).toMatch(/@creator\.test$/);

    const enrolled = await expectJson<{ id: string; status: string; campaign_id: string }>(await t.owner.post(`/api/brands/${t.brandId}/campaigns/${other.id}/enrollments`, { affiliate_id: t.affiliateId }), 201);
    expect(enrolled).toMatchObject({ status: "invited", campaign_id: other.id });
    const code = `annual-${enrolled.id.slice(-8)}`;
    // No link for an offer the creator has not accepted.
    expect((await t.owner.post(`/api/brands/${t.brandId}/links`, { enrollment_id: enrolled.id, code })).status).toBe(409);
    await acceptOfferDirectly(t.affiliateId, enrolled.id);
    const link = await expectJson<BrandLink>(await t.owner.post(`/api/brands/${t.brandId}/links`, { enrollment_id: enrolled.id, code }), 201);
    expect(link.url).toBe(`https://go.rekomi.test/c/${code}`);

    const audit = await expectJson<{ data: { action: string; target: { id: string } | null }[] }>(await t.owner.get(`/api/brands/${t.brandId}/audit-events?limit=100`), 200);
    expect(audit.data).toContainEqual(expect.objectContaining({ action: "enrollment.offered", target: { type: "enrollment", id: enrolled.id } }));

    // A creator the brand does not work with and who is not in the network stays invisible.
    const stranger = await createAffiliate();
    const refused = await t.owner.post(`/api/brands/${t.brandId}/campaigns/${other.id}/enrollments`, { affiliate_id: stranger.affiliateId });
    expect(refused.status).toBe(404);
  });
});
