import { describe, expect, it } from "vitest";
import { Browser, brandOwnedBy, createBrand, errorOf, makePlatformAdmin, signedUpUser } from "../support/fixtures";

type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

async function staffMember() {
  const staff = await signedUpUser();
  await makePlatformAdmin(staff.email);
  return staff;
}

describe("platform admins", () => {
  it("are marked only by operators; the app cannot grant it", async () => {
    const user = await signedUpUser();
    const me = await (await user.browser.get("/api/me")).json<{ is_platform_admin: boolean }>();
    expect(me.is_platform_admin).toBe(false);
    expect((await user.browser.get("/api/admin/users")).status).toBe(403);
    await makePlatformAdmin(user.email);
    expect((await (await user.browser.get("/api/me")).json<{ is_platform_admin: boolean }>()).is_platform_admin).toBe(true);
    expect((await user.browser.get("/api/admin/users")).status).toBe(200);
  });

  it("list accounts, brands and creators, searchable by prefix", async () => {
    const staff = await staffMember();
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser, "Zebra Analytics");
    const users = await (await staff.browser.get(`/api/admin/users?q=${encodeURIComponent(owner.email.slice(0, 20))}`)).json<Page<{ id: string }>>();
    expect(users.data.map((u) => u.id)).toContain(owner.userId);
    const brands = await (await staff.browser.get("/api/admin/brands?q=zebra&limit=100")).json<Page<{ id: string; status: string }>>();
    expect(brands.data.find((b) => b.id === brandId)).toMatchObject({ status: "active" });
    const creators = await staff.browser.get("/api/admin/creators?limit=5");
    expect(creators.status).toBe(200);
    expect((await creators.json<Page<unknown>>()).data.length).toBeLessThanOrEqual(5);
  });

  it("suspend an account: its sessions end at once and sign-in is refused until reinstated", async () => {
    const staff = await staffMember();
    const target = await signedUpUser();
    const suspended = await staff.browser.post(`/api/admin/users/${target.userId}/suspend`);
    expect(suspended.status).toBe(200);
    expect((await suspended.json<{ suspended_at: string | null }>()).suspended_at).toEqual(expect.any(String));

    const live = await target.browser.get("/api/me");
    expect(live.status).toBe(401);
    const signIn = await new Browser().post("/api/auth/sign-in", { email: target.email, password: target.password });
    expect(signIn.status).toBe(403);
    expect((await errorOf(signIn)).code).toBe("account_suspended");
    const wrong = await new Browser().post("/api/auth/sign-in", { email: target.email, password: "not the password, still 401" });
    expect(wrong.status).toBe(401);

    expect((await staff.browser.post(`/api/admin/users/${target.userId}/unsuspend`)).status).toBe(200);
    expect((await new Browser().post("/api/auth/sign-in", { email: target.email, password: target.password })).status).toBe(200);
  });

  it("cannot suspend themselves, and get 404 for unknown accounts", async () => {
    const staff = await staffMember();
    expect((await staff.browser.post(`/api/admin/users/${staff.userId}/suspend`)).status).toBe(400);
    expect((await staff.browser.post("/api/admin/users/usr_00000000000000000000000000/suspend")).status).toBe(404);
  });

  it("suspend a brand: its API keys stop working and its dashboard is read-only", async () => {
    const staff = await staffMember();
    const brand = await createBrand("Suspicious brand");
    expect((await new Browser().request("GET", "/v1/campaigns", undefined, { authorization: `Bearer ${brand.apiKey}` })).status).toBe(200);
    expect((await staff.browser.post(`/api/admin/brands/${brand.brandId}/suspend`)).status).toBe(200);
    expect((await new Browser().request("GET", "/v1/campaigns", undefined, { authorization: `Bearer ${brand.apiKey}` })).status).toBe(401);

    const owner = await signedUpUser();
    const ownBrand = await brandOwnedBy(owner.browser);
    await staff.browser.post(`/api/admin/brands/${ownBrand}/suspend`);
    expect((await owner.browser.get(`/api/brands/${ownBrand}`)).status).toBe(200);
    const write = await owner.browser.post(`/api/brands/${ownBrand}/api-keys`, { name: "nope" });
    expect(write.status).toBe(403);
    expect((await errorOf(write)).message).toMatch(/suspended/);
    const audit = await (await owner.browser.get(`/api/brands/${ownBrand}/audit-events`)).json<Page<{ action: string; actor: { type: string } }>>();
    expect(audit.data[0]).toMatchObject({ action: "brand.suspended", actor: { type: "platform_admin" } });

    await staff.browser.post(`/api/admin/brands/${ownBrand}/unsuspend`);
    expect((await owner.browser.post(`/api/brands/${ownBrand}/api-keys`, { name: "yes" })).status).toBe(201);
  });
});
