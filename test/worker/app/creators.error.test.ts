import { describe, expect, it } from "vitest";
import type { CreatorEnrollment } from "../../../src/creators/enrollments";
import { approveListing, call, createBrand, errorOf, signedUpCreator, signedUpUser, staffBrowser } from "../support/fixtures";

async function expectInvalid(res: Response, param: string, message?: RegExp) {
  expect(res.status).toBe(400);
  const error = await errorOf(res);
  expect(error.code).toBe("invalid_request");
  expect(error.param).toBe(param);
  if (message) expect(error.message).toMatch(message);
}

describe("creator profile input", () => {
  it("names the field at fault", async () => {
    const user = await signedUpUser();
    const post = (body: unknown) => user.browser.post("/api/creator/profile", body);
    await expectInvalid(await post({}), "display_name");
    await expectInvalid(await post({ display_name: "A", countries: ["US", "XX"] }), "countries.1", /ISO 3166-1/);
    await expectInvalid(await post({ display_name: "A", countries: ["USA"] }), "countries.0");
    await expectInvalid(await post({ display_name: "A", languages: ["english"] }), "languages.0", /ISO 639-1/);
    await expectInvalid(await post({ display_name: "A", audience: [{ channel: "youtube", size: 0 }] }), "audience.0.size", /positive/);
    await expectInvalid(await post({ display_name: "A", audience: [{ channel: "youtube", size: -5 }] }), "audience.0.size");
    await expectInvalid(await post({ display_name: "A", audience: [{ channel: "youtube", size: 1.5 }] }), "audience.0.size", /whole number/);
    await expectInvalid(await post({ display_name: "A", audience: [{ channel: "myspace", size: 10 }] }), "audience.0.channel");
    await expectInvalid(await post({ display_name: "A", audience: [{ channel: "blog", size: 10, url: "javascript:alert(1)" }] }), "audience.0.url");
    await expectInvalid(await post({ display_name: "A", links: ["ftp://files.example"] }), "links.0", /http/);
    await expectInvalid(await post({ display_name: "A", niches: [""] }), "niches.0");
    const unknown = await post({ display_name: "A", network_status: "approved" });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).message).toContain("network_status");
    // Nothing was created by the refused attempts.
    expect((await user.browser.get("/api/creator/profile")).status).toBe(404);
    expect((await post({ display_name: "A" })).status).toBe(201);
    const second = await post({ display_name: "B" });
    expect(second.status).toBe(409);
    await expectInvalid(await user.browser.patch("/api/creator/profile", { audience: [{ channel: "x", size: "many" }] }), "audience.0.size");
  });

  it("refuses a listing request until the profile says enough to review", async () => {
    const creator = await signedUpCreator();
    await expectInvalid(await creator.browser.post("/api/creator/profile/network-request"), "audience", /audience channel/);
    await creator.browser.patch("/api/creator/profile", { audience: [{ channel: "blog", size: 500 }], niches: ["cooking"] });
    await expectInvalid(await creator.browser.post("/api/creator/profile/network-request"), "countries");
    await creator.browser.patch("/api/creator/profile", { countries: ["FR"], languages: ["fr"] });
    expect((await creator.browser.post("/api/creator/profile/network-request")).status).toBe(200);
  });
});

describe("network reviews", () => {
  it("apply only to the states they are meant for", async () => {
    const staff = await staffBrowser();
    const creator = await signedUpCreator();
    const review = (decision: string) => staff.post(`/api/admin/creators/${creator.affiliateId}/network-review`, { decision });
    expect((await review("approved")).status).toBe(409);
    expect((await review("rejected")).status).toBe(409);
    await expectInvalid(await review("maybe"), "decision");
    expect((await staff.post("/api/admin/creators/aff_00000000000000000000000000/network-review", { decision: "approved" })).status).toBe(404);
    expect((await review("suspended")).status).toBe(200);
    expect((await review("suspended")).status).toBe(409);
    expect((await review("approved")).status).toBe(200);
  });
});

describe("applications", () => {
  it("go only to listed, active campaigns, once", async () => {
    const brand = await createBrand();
    const creator = await signedUpCreator();
    const apply = (campaign_id: string) => creator.browser.post("/api/creator/applications", { campaign_id });
    // Private (the fixture campaign) looks like nothing at all.
    expect((await apply(brand.campaignId)).status).toBe(404);
    await expectInvalid(await apply("cmp_nope"), "campaign_id");
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { visibility: "listed", status: "paused" } });
    expect((await apply(brand.campaignId)).status).toBe(404);
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { status: "active" } });
    // Listed and active, but Rekomi staff have not approved the listing yet.
    expect((await apply(brand.campaignId)).status).toBe(404);
    await approveListing(brand.campaignId);
    expect((await apply(brand.campaignId)).status).toBe(201);
    const twice = await apply(brand.campaignId);
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).param).toBe("campaign_id");
    await expectInvalid(await creator.browser.get("/api/creator/enrollments?status=waiting"), "status");
  });

  it("a suspended creator cannot apply", async () => {
    const brand = await createBrand();
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { visibility: "listed" } });
    await approveListing(brand.campaignId);
    const creator = await signedUpCreator();
    const staff = await staffBrowser();
    await staff.post(`/api/admin/creators/${creator.affiliateId}/network-review`, { decision: "suspended" });
    const res = await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId });
    expect(res.status).toBe(403);
    expect((await creator.browser.post("/api/creator/profile/network-request")).status).toBe(403);
  });
});

describe("creator links", () => {
  it("need an approved enrollment, the brand's consent and the campaign's site", async () => {
    const brand = await createBrand();
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { visibility: "listed" } });
    await approveListing(brand.campaignId);
    const creator = await signedUpCreator();
    const application = await (await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId })).json<CreatorEnrollment>();
    const link = (body: Record<string, unknown>) => creator.browser.post("/api/creator/links", { enrollment_id: application.id, ...body });

    expect((await link({})).status).toBe(409);
    await call(`/v1/enrollments/${application.id}`, { method: "PATCH", key: brand.apiKey, json: { status: "approved" } });
    await expectInvalid(await link({ destination_url: "https://evil.example/brand.example" }), "destination_url", /brand\.example/);
    await expectInvalid(await link({ code: "no spaces" }), "code");
    const first = await link({ code: `mine-${application.id.slice(-8)}` });
    expect(first.status).toBe(201);
    const taken = await link({ code: `mine-${application.id.slice(-8)}` });
    expect(taken.status).toBe(409);
    expect((await errorOf(taken)).param).toBe("code");
    expect((await creator.browser.post("/api/creator/links", { enrollment_id: "enr_00000000000000000000000000" })).status).toBe(404);

    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { allow_creator_links: false } });
    const refused = await link({});
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toContain("ask the brand");
  });
});
