import { describe, expect, it } from "vitest";
import type { CreatorInvitation } from "../../../src/recruiting/creator-invitations";
import type { JoinLink } from "../../../src/recruiting/join-links";
import { Browser, createAffiliate, dashboardBrand, errorOf, mailedToken, signedUpCreator, signedUpUser, staffBrowser, teammate } from "../support/fixtures";

describe("join link settings", () => {
  it("belong to the brand: other brands get 404, viewers and members 403", async () => {
    const brand = await dashboardBrand();
    const other = await dashboardBrand();
    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/join-link`;
    await brand.owner.patch(base, { enabled: true });
    // Another brand naming our campaign under its own brand id finds nothing.
    expect((await other.owner.get(`/api/brands/${other.brandId}/campaigns/${brand.campaignId}/join-link`)).status).toBe(404);
    expect((await other.owner.patch(`/api/brands/${other.brandId}/campaigns/${brand.campaignId}/join-link`, { auto_approve: true })).status).toBe(404);
    expect((await other.owner.get(base)).status).toBe(404);

    const viewer = await teammate(brand.owner, brand.brandId, "viewer");
    expect((await viewer.get(base)).status).toBe(200);
    expect((await viewer.patch(base, { auto_approve: true })).status).toBe(403);
    const member = await teammate(brand.owner, brand.brandId, "member");
    const refused = await member.post(`${base}/regenerate`);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toContain("admin or above");
    expect((await (await brand.owner.get(base)).json<JoinLink>()).auto_approve).toBe(false);
    // Two brands and two teammates through the real sign-up, verification (which sets the
    // password again) and sign-in: three PBKDF2 hashes per person, slow on a loaded machine.
  }, 40_000);

  it("joining needs a verified account", async () => {
    const brand = await dashboardBrand();
    const link = await (await brand.owner.patch(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/join-link`, { enabled: true })).json<JoinLink>();
    expect((await new Browser().post(`/api/join/${link.code}`)).status).toBe(401);
    const unverified = await signedUpUser({ verified: false });
    const res = await unverified.browser.post(`/api/join/${link.code}`);
    expect((await errorOf(res)).code).toBe("email_not_verified");
    expect((await unverified.browser.get("/api/creator/profile")).status).toBe(403);
  });

  it("a suspended creator cannot join", async () => {
    const brand = await dashboardBrand();
    const link = await (await brand.owner.patch(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/join-link`, { enabled: true, auto_approve: true })).json<JoinLink>();
    const creator = await signedUpCreator();
    await (await staffBrowser()).post(`/api/admin/creators/${creator.affiliateId}/network-review`, { decision: "suspended" });
    expect((await creator.browser.post(`/api/join/${link.code}`)).status).toBe(403);
  });
});

describe("creator invitations", () => {
  it("only the invited person can accept; a wrong account leaves the invitation unspent", async () => {
    const brand = await dashboardBrand();
    const invitee = await signedUpUser();
    const intruder = await signedUpUser();
    await brand.owner.post(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`, { email: invitee.email });
    const token = await mailedToken(invitee.email, "/creator-invitations");

    const stolen = await intruder.browser.post("/api/creator-invitations/accept", { token });
    expect(stolen.status).toBe(403);
    expect((await errorOf(stolen)).message).toContain(invitee.email);
    // Nothing of the intruder's attempt stuck: no profile was made for them.
    expect((await intruder.browser.get("/api/creator/profile")).status).toBe(404);
    expect((await new Browser().post("/api/creator-invitations/accept", { token })).status).toBe(401);

    expect((await invitee.browser.post("/api/creator-invitations/accept", { token })).status).toBe(200);
  });

  it("brands invite by profile only creators they can see, and never learn the address", async () => {
    const brand = await dashboardBrand();
    const stranger = await createAffiliate({ listed: false });
    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`;
    expect((await brand.owner.post(base, { affiliate_id: stranger.affiliateId })).status).toBe(404);

    const network = await createAffiliate({ listed: true });
    const invited = await (await brand.owner.post(base, { affiliate_id: network.affiliateId })).json<CreatorInvitation>();
    expect(invited.email).toBeNull();
    const audit = await (await brand.owner.get(`/api/brands/${brand.brandId}/audit-events?limit=100`)).text();
    expect(audit).toContain("creator_invitation.created");
    expect(audit).not.toContain(network.email);
  });

  it("other brands and viewers cannot invite, list or revoke", async () => {
    const brand = await dashboardBrand();
    const other = await dashboardBrand();
    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`;
    const invitation = await (await brand.owner.post(base, { email: "someone@people.test" })).json<CreatorInvitation>();
    expect((await other.owner.post(`/api/brands/${other.brandId}/campaigns/${brand.campaignId}/creator-invitations`, { email: "x@people.test" })).status).toBe(404);
    expect((await other.owner.get(`/api/brands/${other.brandId}/campaigns/${brand.campaignId}/creator-invitations`)).status).toBe(404);
    expect((await other.owner.delete(`/api/brands/${other.brandId}/campaigns/${brand.campaignId}/creator-invitations/${invitation.id}`)).status).toBe(404);
    const viewer = await teammate(brand.owner, brand.brandId, "viewer");
    expect((await viewer.get(base)).status).toBe(200);
    expect((await viewer.post(base, { email: "y@people.test" })).status).toBe(403);
    expect((await viewer.delete(`${base}/${invitation.id}`)).status).toBe(403);
  });
});
