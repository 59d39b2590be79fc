import { describe, expect, it } from "vitest";
import type { ApiKey } from "../../../src/api-keys/schemas";
import type { AuditEvent } from "../../../src/audit/schemas";
import type { Member } from "../../../src/teams/schemas";
import { brandOwnedBy, errorOf, inviteAndAccept, mailTo, mailedToken, signedUpUser } from "../support/fixtures";

type List<T> = { data: T[] };

describe("brands and teams", () => {
  it("makes the creator of a brand its owner", async () => {
    const owner = await signedUpUser();
    const created = await owner.browser.post("/api/brands", { name: "Acme", website_url: "https://acme.example", default_currency: "EUR" });
    expect(created.status).toBe(201);
    const brand = await created.json<{ id: string; role: string; default_currency: string }>();
    expect(brand).toMatchObject({ role: "owner", default_currency: "EUR" });
    const me = await (await owner.browser.get("/api/me")).json<{ memberships: { brand_id: string; role: string }[] }>();
    expect(me.memberships).toEqual([expect.objectContaining({ brand_id: brand.id, role: "owner" })]);
  });

  it("invites a viewer who can read the brand but not create keys", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser);
    const viewer = await signedUpUser();
    const invited = await owner.browser.post(`/api/brands/${brandId}/invitations`, { email: viewer.email, role: "viewer" });
    expect(invited.status).toBe(201);
    const [mail] = await mailTo(viewer.email);
    expect(mail!.subject).toContain("Team brand");

    const token = await mailedToken(viewer.email, "/invitations");
    const preview = await viewer.browser.post("/api/invitations/preview", { token });
    expect(await preview.json()).toEqual({ brand_name: "Team brand", email: viewer.email, role: "viewer", state: "pending" });
    const accepted = await viewer.browser.post("/api/invitations/accept", { token });
    expect(accepted.status).toBe(200);
    expect((await viewer.browser.post("/api/invitations/accept", { token })).status).toBe(409);

    expect((await viewer.browser.get(`/api/brands/${brandId}/campaigns`)).status).toBe(200);
    expect((await viewer.browser.get(`/api/brands/${brandId}/members`)).status).toBe(200);
    expect((await viewer.browser.get(`/api/brands/${brandId}/api-keys`)).status).toBe(200);
    const refused = await viewer.browser.post(`/api/brands/${brandId}/api-keys`, { name: "mine" });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toMatch(/viewer.*admin/);
  });

  it("accepts an invitation only for the invited, verified address", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser);
    const invitee = await signedUpUser({ verified: false });
    const stranger = await signedUpUser();
    await owner.browser.post(`/api/brands/${brandId}/invitations`, { email: invitee.email, role: "member" });
    const token = await mailedToken(invitee.email, "/invitations");

    const wrongPerson = await stranger.browser.post("/api/invitations/accept", { token });
    expect(wrongPerson.status).toBe(403);
    expect((await errorOf(wrongPerson)).message).toContain(invitee.email);
    const unverified = await invitee.browser.post("/api/invitations/accept", { token });
    expect((await errorOf(unverified)).code).toBe("email_not_verified");

    await invitee.browser.post("/api/auth/verify-email", { token: await mailedToken(invitee.email, "/verify-email"), password: invitee.password });
    await invitee.browser.post("/api/auth/sign-in", { email: invitee.email, password: invitee.password });
    expect((await invitee.browser.post("/api/invitations/accept", { token })).status).toBe(200);
  });

  it("replaces and revokes invitations", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser);
    const invitee = await signedUpUser();
    const first = await (await owner.browser.post(`/api/brands/${brandId}/invitations`, { email: invitee.email, role: "member" })).json<{ id: string }>();
    const firstToken = await mailedToken(invitee.email, "/invitations");
    const second = await (await owner.browser.post(`/api/brands/${brandId}/invitations`, { email: invitee.email, role: "admin" })).json<{ id: string }>();
    const open = await (await owner.browser.get(`/api/brands/${brandId}/invitations`)).json<List<{ id: string; role: string }>>();
    expect(open.data.map((i) => i.id)).toEqual([second.id]);
    expect((await invitee.browser.post("/api/invitations/accept", { token: firstToken })).status).toBe(409);

    expect((await owner.browser.delete(`/api/brands/${brandId}/invitations/${second.id}`)).status).toBe(200);
    const revokedToken = await mailedToken(invitee.email, "/invitations");
    const preview = await invitee.browser.post("/api/invitations/preview", { token: revokedToken });
    expect((await preview.json<{ state: string }>()).state).toBe("revoked");
    expect(first.id).not.toBe(second.id);
  });

  it("changes roles within the rules and keeps at least one owner", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser);
    const admin = await signedUpUser();
    const member = await signedUpUser();
    const { member_id: adminMemberId } = await inviteAndAccept(owner.browser, brandId, admin, "admin");
    const { member_id: memberId } = await inviteAndAccept(owner.browser, brandId, member, "member");
    const team = await (await owner.browser.get(`/api/brands/${brandId}/members`)).json<List<Member>>();
    const ownerMemberId = team.data.find((m) => m.role === "owner")!.id;

    // An admin manages roles below owner…
    const promoted = await admin.browser.patch(`/api/brands/${brandId}/members/${memberId}`, { role: "viewer" });
    expect(promoted.status).toBe(200);
    expect((await promoted.json<Member>()).role).toBe("viewer");
    // …but cannot grant or take away ownership.
    expect((await admin.browser.patch(`/api/brands/${brandId}/members/${memberId}`, { role: "owner" })).status).toBe(403);
    expect((await admin.browser.patch(`/api/brands/${brandId}/members/${ownerMemberId}`, { role: "admin" })).status).toBe(403);
    expect((await admin.browser.delete(`/api/brands/${brandId}/members/${ownerMemberId}`)).status).toBe(403);

    // The last owner can neither step down nor leave.
    const stepDown = await owner.browser.patch(`/api/brands/${brandId}/members/${ownerMemberId}`, { role: "admin" });
    expect(stepDown.status).toBe(409);
    const leave = await owner.browser.post(`/api/brands/${brandId}/leave`);
    expect(leave.status).toBe(409);
    expect((await errorOf(leave)).message).toMatch(/last owner/);

    // Transfer: the admin becomes owner, the old owner an admin, who may now leave.
    const transferred = await owner.browser.post(`/api/brands/${brandId}/ownership-transfer`, { member_id: adminMemberId });
    expect(transferred.status).toBe(200);
    const roles = Object.fromEntries((await transferred.json<List<Member>>()).data.map((m) => [m.id, m.role]));
    expect(roles).toEqual({ [ownerMemberId]: "admin", [adminMemberId]: "owner", [memberId]: "viewer" });
    expect((await owner.browser.post(`/api/brands/${brandId}/ownership-transfer`, { member_id: adminMemberId })).status).toBe(403);
    expect((await owner.browser.post(`/api/brands/${brandId}/leave`)).status).toBe(204);
    expect((await owner.browser.get(`/api/brands/${brandId}`)).status).toBe(404);

    // The new owner removes the viewer.
    expect((await admin.browser.delete(`/api/brands/${brandId}/members/${memberId}`)).status).toBe(204);
    const after = await (await admin.browser.get(`/api/brands/${brandId}/members`)).json<List<Member>>();
    expect(after.data.map((m) => m.id)).toEqual([adminMemberId]);

    const audit = await (await admin.browser.get(`/api/brands/${brandId}/audit-events?limit=100`)).json<List<AuditEvent>>();
    const actions = audit.data.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["brand.created", "invitation.created", "member.joined", "member.role_changed", "brand.ownership_transferred", "member.left", "member.removed"]));
    const transfer = audit.data.find((e) => e.action === "brand.ownership_transferred")!;
    // The old owner has left, so the brand no longer sees their email, only their id.
    expect(transfer.actor).toMatchObject({ type: "user", id: owner.userId, email: null });
    expect(transfer.ip).toMatch(/^10\./);
  });
});

describe("API keys in the dashboard", () => {
  it("creates a key shown once, lists it by prefix with its last use, and revokes it", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser);
    const created = await owner.browser.post(`/api/brands/${brandId}/api-keys`, { name: "CI" });
    expect(created.status).toBe(201);
    const key = await created.json<ApiKey & { key: string }>();
    expect(key.key).toMatch(/^rk_live_[0-9A-Za-z]{32}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.last_used_at).toBeNull();

    const used = await owner.browser.request("GET", "/v1/campaigns", undefined, { authorization: `Bearer ${key.key}` });
    expect(used.status).toBe(200);

    const list = await (await owner.browser.get(`/api/brands/${brandId}/api-keys`)).json<List<Record<string, unknown>>>();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).not.toHaveProperty("key");
    expect(JSON.stringify(list)).not.toContain(key.key);
    expect(list.data[0]!.last_used_at).toEqual(expect.any(String));

    const revoked = await owner.browser.delete(`/api/brands/${brandId}/api-keys/${key.id}`);
    expect(revoked.status).toBe(200);
    expect((await revoked.json<ApiKey>()).revoked_at).toEqual(expect.any(String));
    const refused = await owner.browser.request("GET", "/v1/campaigns", undefined, { authorization: `Bearer ${key.key}` });
    expect(refused.status).toBe(401);
    expect((await owner.browser.delete(`/api/brands/${brandId}/api-keys/${key.id}`)).status).toBe(404);

    const audit = await (await owner.browser.get(`/api/brands/${brandId}/audit-events`)).json<List<AuditEvent>>();
    expect(audit.data.slice(0, 2).map((e) => e.action)).toEqual(["api_key.revoked", "api_key.created"]);
  });

  it("keeps /v1 for API keys only: a session cookie is not enough", async () => {
    const owner = await signedUpUser();
    await brandOwnedBy(owner.browser);
    expect((await owner.browser.get("/v1/campaigns")).status).toBe(401);
  });
});
