import { describe, expect, it } from "vitest";
import type { CreatorEnrollment } from "../../../src/creators/enrollments";
import { approveListing, Browser, call, createBrand, dashboardBrand, errorOf, signedUpCreator, signedUpUser, teammate } from "../support/fixtures";

async function listedBrand() {
  const brand = await createBrand();
  await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { visibility: "listed" } });
  await approveListing(brand.campaignId);
  return brand;
}

describe("creator isolation", () => {
  it("a creator never sees or acts on another creator's applications", async () => {
    const brand = await listedBrand();
    const alice = await signedUpCreator({ display_name: "Alice" });
    const bob = await signedUpCreator({ display_name: "Bob" });
    const application = await (await alice.browser.post("/api/creator/applications", { campaign_id: brand.campaignId })).json<CreatorEnrollment>();
    await call(`/v1/enrollments/${application.id}`, { method: "PATCH", key: brand.apiKey, json: { status: "approved" } });

    const bobs = await (await bob.browser.get("/api/creator/enrollments")).json<{ data: CreatorEnrollment[] }>();
    expect(bobs.data).toEqual([]);
    expect((await bob.browser.post("/api/creator/links", { enrollment_id: application.id })).status).toBe(404);
    // Bob can still apply himself: the profile comes from his session, never from the request.
    const own = await bob.browser.post("/api/creator/applications", { campaign_id: brand.campaignId, affiliate_id: alice.affiliateId });
    expect(own.status).toBe(400);
    const bobApplied = await (await bob.browser.post("/api/creator/applications", { campaign_id: brand.campaignId })).json<CreatorEnrollment>();
    expect(bobApplied.status).toBe("pending");
    const alices = await (await alice.browser.get("/api/creator/enrollments")).json<{ data: CreatorEnrollment[] }>();
    expect(alices.data.map((e) => e.id)).toEqual([application.id]);
  });

  it("a creator cannot list, approve or review themselves", async () => {
    const creator = await signedUpCreator({ audience: [{ channel: "blog", size: 10 }], niches: ["a"], countries: ["US"], languages: ["en"] });
    const self = await creator.browser.patch("/api/creator/profile", { network_status: "approved" });
    expect(self.status).toBe(400);
    await creator.browser.post("/api/creator/profile/network-request");
    const review = await creator.browser.post(`/api/admin/creators/${creator.affiliateId}/network-review`, { decision: "approved" });
    expect(review.status).toBe(403);
    expect((await (await creator.browser.get("/api/creator/profile")).json<{ network: { status: string } }>()).network.status).toBe("pending");
  });

  it("an unverified account cannot make a profile (brands would see an address nobody proved)", async () => {
    const user = await signedUpUser({ verified: false });
    const res = await user.browser.post("/api/creator/profile", { display_name: "Unproven" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("email_not_verified");
    expect((await new Browser().post("/api/creator/profile", { display_name: "Nobody" })).status).toBe(401);
  });
});

describe("brand review of applications", () => {
  it("is the brand's own: other brands get 404, viewers 403, members may", async () => {
    const brand = await dashboardBrand();
    const other = await dashboardBrand();
    const creator = await signedUpCreator();
    const application = await (await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId })).json<CreatorEnrollment>();

    // Another brand's owner, through their own brand's routes.
    const crossed = await other.owner.patch(`/api/brands/${other.brandId}/enrollments/${application.id}`, { status: "approved" });
    expect(crossed.status).toBe(404);
    expect((await (await other.owner.get(`/api/brands/${other.brandId}/applications`)).json<{ data: unknown[] }>()).data).toEqual([]);
    // …and through ours, where they are not a member.
    expect((await other.owner.patch(`/api/brands/${brand.brandId}/enrollments/${application.id}`, { status: "approved" })).status).toBe(404);

    const viewer = await teammate(brand.owner, brand.brandId, "viewer");
    expect((await viewer.get(`/api/brands/${brand.brandId}/applications`)).status).toBe(200);
    const refused = await viewer.patch(`/api/brands/${brand.brandId}/enrollments/${application.id}`, { status: "approved" });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toContain("member or above");

    const member = await teammate(brand.owner, brand.brandId, "member");
    expect((await member.patch(`/api/brands/${brand.brandId}/enrollments/${application.id}`, { status: "rejected" })).status).toBe(200);
    const final = await member.patch(`/api/brands/${brand.brandId}/enrollments/${application.id}`, { status: "approved" });
    expect(final.status).toBe(409);
  });

  it("brands see a creator's address only once they work together by the creator's choice (applied, then approved)", async () => {
    const brand = await listedBrand();
    const creator = await signedUpCreator({ audience: [{ channel: "blog", size: 10 }], niches: ["a"], countries: ["US"], languages: ["en"] });
    expect((await call(`/v1/affiliates/${creator.affiliateId}`, { key: brand.apiKey })).status).toBe(404);
    const applied = await (await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId })).json<{ id: string }>();
    // An applicant: the brand sees the public card to decide, not the address.
    const card = await (await call(`/v1/affiliates/${creator.affiliateId}`, { key: brand.apiKey })).json<{ email: string | null; display_name: string }>();
    expect(card).toMatchObject({ email: null, display_name: "Casey Creator" });
    expect((await call(`/v1/enrollments/${applied.id}`, { method: "PATCH", key: brand.apiKey, json: { status: "approved" } })).status).toBe(200);
    const seen = await (await call(`/v1/affiliates/${creator.affiliateId}`, { key: brand.apiKey })).json<{ email: string | null }>();
    expect(seen.email).toBe(creator.email);
  });
});
