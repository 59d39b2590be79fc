import { describe, expect, it } from "vitest";
import type { CreatorEnrollment } from "../../../src/creators/enrollments";
import type { CreatorProfile } from "../../../src/creators/schemas";
import type { Application } from "../../../src/enrollments/schemas";
import type { TrackingLink } from "../../../src/links/schemas";
import { approveListing, call, createBrand, dashboardBrand, mailedToken, PASSWORD, signedUpCreator, staffBrowser, teammate, webhookEventsAbout } from "../support/fixtures";

type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };
type Match = { campaign: { id: string; name: string; brand: { name: string } }; score: number; factors: { factor: string; points: number; reason: string }[] };

const PROFILE = {
  display_name: "Robin Reviews",
  bio: "Honest reviews of tools for makers.",
  audience: [
    { channel: "youtube", url: "https://youtube.com/@robin", size: 120_000 },
    { channel: "newsletter", size: 8_000 },
  ],
  niches: ["Zqfitness", "zqhealth", "zqfitness"],
  countries: ["nz", "AU"],
  languages: ["EN"],
  content_formats: ["video"],
  links: ["https://robin.example"],
};

describe("creator profile", () => {
  it("creates ONE profile from the account, normalizes codes and tags, reads and updates it", async () => {
    const creator = await signedUpCreator(PROFILE);
    const profile = await (await creator.browser.get("/api/creator/profile")).json<CreatorProfile>();
    expect(profile).toMatchObject({
      object: "creator_profile",
      id: creator.affiliateId,
      email: creator.email,
      display_name: "Robin Reviews",
      niches: ["zqfitness", "zqhealth"],
      countries: ["NZ", "AU"],
      languages: ["en"],
      network: { status: "unlisted", requested_at: null, reviewed_at: null, note: null },
    });
    const me = await (await creator.browser.get("/api/me")).json<{ affiliate: { id: string } | null }>();
    expect(me.affiliate?.id).toBe(creator.affiliateId);

    // The profile's address follows the account's when it changes.
    const newEmail = `moved-${creator.email}`;
    expect((await creator.browser.post("/api/me/email", { current_password: PASSWORD, new_email: newEmail })).status).toBe(202);
    expect((await creator.browser.post("/api/auth/verify-email", { token: await mailedToken(newEmail, "/verify-email") })).status).toBe(200);
    expect((await (await creator.browser.get("/api/creator/profile")).json<CreatorProfile>()).email).toBe(newEmail);

    const res = await creator.browser.patch("/api/creator/profile", { bio: null, countries: ["DE"] });
    expect(res.status).toBe(200);
    const updated = await res.json<CreatorProfile>();
    expect(updated).toMatchObject({ bio: null, countries: ["DE"], niches: ["zqfitness", "zqhealth"], display_name: "Robin Reviews" });
  });

  it("asks to be listed; staff approve it from the queue; brands then get it recommended with reasons; the creator can leave", async () => {
    const creator = await signedUpCreator(PROFILE);
    const asked = await creator.browser.post("/api/creator/profile/network-request");
    expect(asked.status).toBe(200);
    expect((await asked.json<CreatorProfile>()).network).toMatchObject({ status: "pending", requested_at: expect.any(String) });
    // Asking again while pending changes nothing.
    expect((await creator.browser.post("/api/creator/profile/network-request")).status).toBe(200);

    const staff = await staffBrowser();
    const queue = await (await staff.get("/api/admin/creators?network_status=pending&limit=100")).json<Page<{ id: string; network_status: string; audience: unknown[] }>>();
    const queued = queue.data.find((c) => c.id === creator.affiliateId);
    expect(queued).toMatchObject({ network_status: "pending", audience: PROFILE.audience });

    const review = await staff.post(`/api/admin/creators/${creator.affiliateId}/network-review`, { decision: "approved", note: "Welcome aboard" });
    expect(review.status).toBe(200);
    expect(await review.json()).toMatchObject({ network_status: "approved", network_review_note: "Welcome aboard" });
    const profile = await (await creator.browser.get("/api/creator/profile")).json<CreatorProfile>();
    expect(profile.network).toMatchObject({ status: "approved", note: "Welcome aboard", reviewed_at: expect.any(String) });

    const brand = await dashboardBrand({ niches: ["zqfitness", "zqhealth"], target_markets: ["NZ"] });
    const recommended = await (await brand.owner.get(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/recommended-creators?limit=50`)).json<{
      data: { affiliate: { id: string }; score: number; factors: { factor: string; reason: string }[] }[];
    }>();
    const mine = recommended.data.find((r) => r.affiliate.id === creator.affiliateId)!;
    expect(mine.score).toBe(40 + 25 + 15 + 5);
    expect(mine.factors.find((f) => f.factor === "niche")!.reason).toContain("zqfitness, zqhealth");

    const left = await creator.browser.delete("/api/creator/profile/network-request");
    expect((await left.json<CreatorProfile>()).network.status).toBe("unlisted");
    const after = await (await brand.owner.get(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/recommended-creators?limit=50`)).json<{ data: { affiliate: { id: string } }[] }>();
    expect(after.data.map((r) => r.affiliate.id)).not.toContain(creator.affiliateId);
  });
});

describe("matches, one-click applications and the brand's review", () => {
  it("ranks listed campaigns with reasons, applies with one click, and the brand approves from Applications", async () => {
    const creator = await signedUpCreator({ ...PROFILE, niches: ["zrgardening", "zrtools"], countries: ["IE"] });
    const brand = await dashboardBrand({ name: "Garden tools", niches: ["zrgardening", "zrtools"], target_markets: ["IE"] });
    const partial = await brand.owner.post(`/api/brands/${brand.brandId}/campaigns`, {
      name: "Garden seeds",
      destination_url: "https://shop.example/seeds",
      visibility: "listed",
      niches: ["zrgardening", "zrseeds"],
      commission: { type: "flat", amount: 1500, currency: "EUR", duration: "one_time" },
    });
    const partialId = (await partial.json<{ id: string }>()).id;
    await approveListing(partialId);
    const hidden = await brand.owner.post(`/api/brands/${brand.brandId}/campaigns`, { name: "Private", destination_url: "https://shop.example/p", visibility: "private", niches: ["zrgardening"], commission: { type: "flat", amount: 100, currency: "EUR", duration: "one_time" } });
    const hiddenId = (await hidden.json<{ id: string }>()).id;

    const matches = await (await creator.browser.get("/api/creator/matches?limit=50")).json<{ data: Match[] }>();
    const ids = matches.data.map((m) => m.campaign.id);
    expect(ids.indexOf(brand.campaignId)).toBeLessThan(ids.indexOf(partialId));
    expect(ids).not.toContain(hiddenId);
    const best = matches.data.find((m) => m.campaign.id === brand.campaignId)!;
    expect(best.campaign).toMatchObject({ name: "Garden tools", brand: { name: "Recruiting brand" } });
    expect(best.score).toBe(40 + 25 + 15 + 5);
    expect(best.factors.map((f) => f.factor)).toEqual(["niche", "market", "audience", "performance"]);
    expect(best.factors.find((f) => f.factor === "market")!.reason).toContain("IE");

    const applied = await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId });
    expect(applied.status).toBe(201);
    const application = await applied.json<CreatorEnrollment>();
    expect(application).toMatchObject({ object: "creator_enrollment", status: "pending", source: "network", campaign: { id: brand.campaignId, name: "Garden tools" }, links: [] });

    // The brand's systems hear of it.
    const events = await webhookEventsAbout(brand.brandId, application.id);
    expect(events).toEqual([expect.objectContaining({ type: "application.submitted", data: expect.objectContaining({ id: application.id, status: "pending" }) })]);

    // It leaves the matches, and shows among the creator's applications.
    const again = await (await creator.browser.get("/api/creator/matches?limit=50")).json<{ data: Match[] }>();
    expect(again.data.map((m) => m.campaign.id)).not.toContain(brand.campaignId);
    const pending = await (await creator.browser.get("/api/creator/enrollments?status=pending,rejected")).json<Page<CreatorEnrollment>>();
    expect(pending.data.map((e) => e.id)).toEqual([application.id]);

    // A member reviews it on the Applications page.
    const member = await teammate(brand.owner, brand.brandId, "member");
    const queue = await (await member.get(`/api/brands/${brand.brandId}/applications`)).json<Page<Application>>();
    expect(queue.data).toEqual([
      expect.objectContaining({ id: application.id, status: "pending", campaign_name: "Garden tools", profile: expect.objectContaining({ display_name: "Robin Reviews", email: null, consented: false, niches: ["zrgardening", "zrtools"] }) }),
    ]);
    const approved = await member.patch(`/api/brands/${brand.brandId}/enrollments/${application.id}`, { status: "approved" });
    expect(approved.status).toBe(200);
    // Approving the creator's application: now they work together, and the brand has their address.
    expect(await approved.json<Application>()).toMatchObject({ status: "approved", decided_at: expect.any(String), profile: { email: creator.email, consented: true } });
    expect((await webhookEventsAbout(brand.brandId, application.id)).map((e) => e.type).sort()).toEqual(["application.approved", "application.submitted"]);
    expect((await (await member.get(`/api/brands/${brand.brandId}/applications`)).json<Page<Application>>()).data).toEqual([]);
    const working = await (await member.get(`/api/brands/${brand.brandId}/applications?status=approved`)).json<Page<Application>>();
    expect(working.data.map((a) => a.id)).toEqual([application.id]);

    const mine = await (await creator.browser.get("/api/creator/enrollments?status=approved")).json<Page<CreatorEnrollment>>();
    expect(mine.data).toEqual([expect.objectContaining({ id: application.id, status: "approved", decided_at: expect.any(String) })]);
  });

  it("lets the brand review network applications through PATCH /v1/enrollments/{id} too", async () => {
    const brand = await createBrand();
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { visibility: "listed" } });
    await approveListing(brand.campaignId);
    const creator = await signedUpCreator();
    const application = await (await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId })).json<CreatorEnrollment>();
    const listed = await (await call(`/v1/campaigns/${brand.campaignId}/enrollments`, { key: brand.apiKey })).json<{ data: { id: string; source: string }[] }>();
    expect(listed.data).toEqual([expect.objectContaining({ id: application.id, source: "network" })]);
    const rejected = await call(`/v1/enrollments/${application.id}`, { method: "PATCH", key: brand.apiKey, json: { status: "rejected" } });
    expect(rejected.status).toBe(200);
    const mine = await (await creator.browser.get("/api/creator/enrollments")).json<Page<CreatorEnrollment>>();
    expect(mine.data.find((e) => e.id === application.id)!.status).toBe("rejected");
  });
});

describe("a creator's own tracking links", () => {
  it("lists the links the brand made and creates the creator's own, deep links staying on the campaign's site", async () => {
    const brand = await createBrand();
    await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { visibility: "listed" } });
    await approveListing(brand.campaignId);
    const creator = await signedUpCreator();
    const application = await (await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId })).json<CreatorEnrollment>();
    await call(`/v1/enrollments/${application.id}`, { method: "PATCH", key: brand.apiKey, json: { status: "approved" } });
    const brandLink = await (await call("/v1/links", { method: "POST", key: brand.apiKey, json: { enrollment_id: application.id } })).json<TrackingLink>();

    const own = await creator.browser.post("/api/creator/links", { enrollment_id: application.id, destination_url: "https://brand.example/blog/robin" });
    expect(own.status).toBe(201);
    const link = await own.json<TrackingLink>();
    expect(link).toMatchObject({ enrollment_id: application.id, destination_url: "https://brand.example/blog/robin", status: "active", url: expect.stringMatching(/^https:\/\/go\.rekomi\.test\/c\/[0-9A-Za-z]{8}$/) });
    const vanity = await creator.browser.post("/api/creator/links", { enrollment_id: application.id, code: `robin-${application.id.slice(-8)}` });
    expect(vanity.status).toBe(201);

    const mine = await (await creator.browser.get("/api/creator/enrollments")).json<Page<CreatorEnrollment>>();
    const enrollment = mine.data.find((e) => e.id === application.id)!;
    expect(enrollment.campaign).toMatchObject({ allow_creator_links: true, destination_url: "https://brand.example/pricing?plan=pro" });
    expect(enrollment.links.map((l) => l.id).sort()).toEqual([brandLink.id, link.id, (await vanity.json<TrackingLink>()).id].sort());
    // The brand sees the creator's links as its own.
    const brandSide = await (await call(`/v1/links?enrollment_id=${application.id}`, { key: brand.apiKey })).json<{ data: TrackingLink[] }>();
    expect(brandSide.data).toHaveLength(3);
  });
});
