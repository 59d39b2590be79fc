import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withPrincipal } from "../../../src/infra/db/principal";
import { creatorInvitations } from "../../../src/infra/db/schema";
import type { CreatorInvitation } from "../../../src/recruiting/creator-invitations";
import type { JoinLink } from "../../../src/recruiting/join-links";
import { Browser, dashboardBrand, errorOf, mailedToken, signedUpCreator, signedUpUser, usingDb } from "../support/fixtures";

describe("join links", () => {
  it("answer unknown, malformed and closed codes clearly, and a second join with a conflict", async () => {
    const brand = await dashboardBrand();
    expect((await new Browser().get("/api/join/Unknown0000000000000000")).status).toBe(404);
    const malformed = await new Browser().get("/api/join/short");
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).param).toBe("code");

    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/join-link`;
    const bad = await brand.owner.patch(base, { enabled: "yes" });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).param).toBe("enabled");
    const link = await (await brand.owner.patch(base, { enabled: true })).json<JoinLink>();
    const creator = await signedUpCreator();
    expect((await creator.browser.post(`/api/join/${link.code}`)).status).toBe(201);
    const twice = await creator.browser.post(`/api/join/${link.code}`);
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).message).toContain("already waiting for review");

    await brand.owner.patch(base, { enabled: false });
    const late = await signedUpCreator();
    const closed = await late.browser.post(`/api/join/${link.code}`);
    expect(closed.status).toBe(409);
    expect((await errorOf(closed)).message).toContain("closed");

    await brand.owner.patch(base, { enabled: true });
    await brand.owner.patch(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}`, { status: "paused" });
    expect((await (await new Browser().get(`/api/join/${link.code}`)).json<{ state: string }>()).state).toBe("unavailable");
    expect((await late.browser.post(`/api/join/${link.code}`)).status).toBe(409);
    expect((await brand.owner.get(`/api/brands/${brand.brandId}/campaigns/cmp_00000000000000000000000000/join-link`)).status).toBe(404);
  });
});

describe("creator invitations", () => {
  it("need exactly one of an address or a profile, an active campaign, and a creator not already in it", async () => {
    const brand = await dashboardBrand();
    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`;
    const neither = await brand.owner.post(base, {});
    expect(neither.status).toBe(400);
    expect((await errorOf(neither)).param).toBe("email");
    expect((await brand.owner.post(base, { email: "a@b.test", affiliate_id: "aff_00000000000000000000000000" })).status).toBe(400);
    const badEmail = await brand.owner.post(base, { email: "not an address" });
    expect((await errorOf(badEmail)).param).toBe("email");
    const unknown = await brand.owner.post(base, { affiliate_id: "aff_00000000000000000000000000" });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).param).toBe("affiliate_id");

    const creator = await signedUpCreator();
    await creator.browser.post("/api/creator/applications", { campaign_id: brand.campaignId });
    await brand.owner.patch(`/api/brands/${brand.brandId}/enrollments/${(await (await brand.owner.get(`/api/brands/${brand.brandId}/applications`)).json<{ data: { id: string }[] }>()).data[0]!.id}`, { status: "approved" });
    const already = await brand.owner.post(base, { affiliate_id: creator.affiliateId });
    expect(already.status).toBe(409);

    await brand.owner.patch(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}`, { status: "archived" });
    expect((await brand.owner.post(base, { email: "late@people.test" })).status).toBe(409);
  });

  it("refuse bad, expired and revoked tokens", async () => {
    const brand = await dashboardBrand();
    const user = await signedUpUser();
    const bad = await user.browser.post("/api/creator-invitations/accept", { token: "x".repeat(43) });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).param).toBe("token");
    expect((await user.browser.post("/api/creator-invitations/accept", { token: "short" })).status).toBe(400);

    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`;
    const invitation = await (await brand.owner.post(base, { email: user.email })).json<CreatorInvitation>();
    const token = await mailedToken(user.email, "/creator-invitations");
    await usingDb((db) =>
      withPrincipal(db, { kind: "brand", brandId: brand.brandId }, (tx) =>
        tx.update(creatorInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(creatorInvitations.id, invitation.id)),
      ),
    );
    const expired = await user.browser.post("/api/creator-invitations/accept", { token });
    expect(expired.status).toBe(409);
    expect((await errorOf(expired)).message).toContain("expired");

    await brand.owner.post(base, { email: user.email });
    const fresh = await mailedToken(user.email, "/creator-invitations");
    const listed = await (await brand.owner.get(base)).json<{ data: CreatorInvitation[] }>();
    await brand.owner.delete(`${base}/${listed.data[0]!.id}`);
    expect((await user.browser.post("/api/creator-invitations/accept", { token: fresh })).status).toBe(409);
    expect((await brand.owner.delete(`${base}/cin_00000000000000000000000000`)).status).toBe(404);
  });
});
