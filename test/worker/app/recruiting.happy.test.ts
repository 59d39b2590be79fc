import { describe, expect, it } from "vitest";
import type { CreatorEnrollment } from "../../../src/creators/enrollments";
import type { Application } from "../../../src/enrollments/schemas";
import type { CreatorInvitation } from "../../../src/recruiting/creator-invitations";
import type { JoinLink } from "../../../src/recruiting/join-links";
import { Browser, approveInNetwork, dashboardBrand, mailTo, mailedToken, signedUpCreator, signedUpUser, teammate, usingDb, webhookEventsAbout } from "../support/fixtures";

type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

describe("channel 1: a campaign's public join page", () => {
  it("is shared by the brand, shown to anyone, and turns a click into an application or, if chosen, an approval", async () => {
    const brand = await dashboardBrand({ name: "Yoga app", visibility: "private", terms: "No paid search on our brand name." });
    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/join-link`;
    expect(await (await brand.owner.get(base)).json<JoinLink>()).toMatchObject({ enabled: false, code: null, url: null });

    const opened = await (await brand.owner.patch(base, { enabled: true })).json<JoinLink>();
    expect(opened).toMatchObject({ enabled: true, auto_approve: false, code: expect.stringMatching(/^[0-9A-Za-z]{20}$/) });
    expect(opened.url).toBe(`http://worker.test/join/${opened.code}`);

    // Anyone holding the link sees the campaign, signed in or not.
    const page = await (await new Browser().get(`/api/join/${opened.code}`)).json<Record<string, unknown>>();
    expect(page).toMatchObject({
      brand_name: "Recruiting brand",
      auto_approve: false,
      state: "open",
      campaign: { id: brand.campaignId, name: "Yoga app", terms: "No paid search on our brand name.", commission_summary: "20 % of every payment for 12 months" },
    });

    // A brand-new creator (no profile yet) joins: a profile is made and the click is an application.
    const newcomer = await signedUpUser();
    const joined = await newcomer.browser.post(`/api/join/${opened.code}`);
    expect(joined.status).toBe(201);
    const application = await joined.json<CreatorEnrollment>();
    expect(application).toMatchObject({ status: "pending", source: "join_page", campaign: { id: brand.campaignId } });
    const profile = await (await newcomer.browser.get("/api/creator/profile")).json<{ email: string; display_name: string }>();
    expect(profile).toMatchObject({ email: newcomer.email, display_name: "Test Person" });
    expect((await webhookEventsAbout(brand.brandId, application.id)).map((e) => e.type)).toEqual(["application.submitted"]);
    const queue = await (await brand.owner.get(`/api/brands/${brand.brandId}/applications`)).json<Page<Application>>();
    expect(queue.data.map((a) => [a.id, a.source])).toEqual([[application.id, "join_page"]]);

    // With auto-approval on, joining is enough.
    await brand.owner.patch(base, { auto_approve: true });
    const creator = await signedUpCreator();
    const approved = await (await creator.browser.post(`/api/join/${opened.code}`)).json<CreatorEnrollment>();
    expect(approved).toMatchObject({ status: "approved", decided_at: expect.any(String) });
    expect((await webhookEventsAbout(brand.brandId, approved.id)).map((e) => e.type)).toEqual(["application.approved"]);
    // …and approves a pending application made through the link before.
    const promoted = await (await newcomer.browser.post(`/api/join/${opened.code}`)).json<CreatorEnrollment>();
    expect(promoted).toMatchObject({ id: application.id, status: "approved" });

    // A new code retires the old link.
    const regenerated = await (await brand.owner.post(`${base}/regenerate`)).json<JoinLink>();
    expect(regenerated.code).not.toBe(opened.code);
    expect((await new Browser().get(`/api/join/${opened.code}`)).status).toBe(404);
    expect((await new Browser().get(`/api/join/${regenerated.code}`)).status).toBe(200);
    const closed = await (await brand.owner.patch(base, { enabled: false })).json<JoinLink>();
    expect((await (await new Browser().get(`/api/join/${closed.code}`)).json<{ state: string }>()).state).toBe("closed");
  });
});

describe("channel 2: email invitations from the brand", () => {
  it("invites an address; the invitee signs up, accepts once, and is in the campaign, approved", async () => {
    const brand = await dashboardBrand({ name: "Cooking course", visibility: "private" });
    const member = await teammate(brand.owner, brand.brandId, "member");
    const email = `invited-${Date.now().toString(36)}@people.test`;
    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`;
    const created = await member.post(base, { email, message: "Loved your pasta video!" });
    expect(created.status).toBe(201);
    const invitation = await created.json<CreatorInvitation>();
    expect(invitation).toMatchObject({ object: "creator_invitation", email, affiliate: null, state: "pending" });
    expect(new Date(invitation.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(72 * 3600_000);

    const [mail] = await mailTo(email);
    expect(mail!.subject).toBe("Recruiting brand invited you to promote Cooking course on Rekomi");
    expect(mail!.text).toContain("Loved your pasta video!");
    expect(mail!.text).toContain("20 % of every payment for 12 months");
    const token = await mailedToken(email, "/creator-invitations");

    const preview = await (await new Browser().post("/api/creator-invitations/preview", { token })).json<Record<string, unknown>>();
    expect(preview).toMatchObject({ brand_name: "Recruiting brand", email, state: "pending", campaign: { name: "Cooking course" } });

    const invitee = await signedUpUser({ email });
    const accepted = await invitee.browser.post("/api/creator-invitations/accept", { token });
    expect(accepted.status).toBe(200);
    const enrollment = await accepted.json<CreatorEnrollment>();
    expect(enrollment).toMatchObject({ status: "approved", source: "invite", campaign: { id: brand.campaignId, name: "Cooking course" } });
    expect((await webhookEventsAbout(brand.brandId, enrollment.id)).map((e) => e.type)).toEqual(["application.approved"]);

    // Single use.
    expect((await invitee.browser.post("/api/creator-invitations/accept", { token })).status).toBe(409);
    const listed = await (await member.get(base)).json<Page<CreatorInvitation>>();
    expect(listed.data).toEqual([expect.objectContaining({ id: invitation.id, state: "accepted", accepted_at: expect.any(String) })]);
  });

  it("invites a recommended network creator by profile, without ever showing the brand their address", async () => {
    const brand = await dashboardBrand({ niches: ["zsknitting"] });
    const creator = await signedUpCreator({ niches: ["zsknitting"], countries: ["GB"] });
    await usingDb((db) => approveInNetwork(db, creator.affiliateId));
    const recommended = await (await brand.owner.get(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/recommended-creators?limit=50`)).json<{
      data: { affiliate: { id: string } }[];
    }>();
    expect(recommended.data.map((r) => r.affiliate.id)).toContain(creator.affiliateId);

    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`;
    const invitation = await (await brand.owner.post(base, { affiliate_id: creator.affiliateId })).json<CreatorInvitation>();
    expect(invitation).toMatchObject({ email: null, affiliate: { id: creator.affiliateId, display_name: "Casey Creator" } });
    expect(JSON.stringify(await (await brand.owner.get(base)).json())).not.toContain(creator.email);

    const accepted = await creator.browser.post("/api/creator-invitations/accept", { token: await mailedToken(creator.email, "/creator-invitations") });
    expect(accepted.status).toBe(200);
    expect(await accepted.json<CreatorEnrollment>()).toMatchObject({ status: "approved", source: "invite" });
    // In the campaign now, so no longer recommended for it.
    const after = await (await brand.owner.get(`/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/recommended-creators?limit=50`)).json<{ data: { affiliate: { id: string } }[] }>();
    expect(after.data.map((r) => r.affiliate.id)).not.toContain(creator.affiliateId);
  });

  it("replaces an open invitation when the same address is invited again, and can be revoked", async () => {
    const brand = await dashboardBrand();
    const email = `twice-${Date.now().toString(36)}@people.test`;
    const base = `/api/brands/${brand.brandId}/campaigns/${brand.campaignId}/creator-invitations`;
    const first = await (await brand.owner.post(base, { email })).json<CreatorInvitation>();
    const firstToken = await mailedToken(email, "/creator-invitations");
    const second = await (await brand.owner.post(base, { email })).json<CreatorInvitation>();
    const listed = await (await brand.owner.get(base)).json<Page<CreatorInvitation>>();
    expect(listed.data.map((i) => [i.id, i.state])).toEqual([
      [second.id, "pending"],
      [first.id, "revoked"],
    ]);
    expect((await (await new Browser().post("/api/creator-invitations/preview", { token: firstToken })).json<{ state: string }>()).state).toBe("revoked");
    const revoked = await brand.owner.delete(`${base}/${second.id}`);
    expect((await revoked.json<CreatorInvitation>()).state).toBe("revoked");
  });
});
