import { beforeAll, describe, expect, it } from "vitest";
import { buildDashboardApi } from "../../../src/infra/api/dashboard";
import { BRAND_ROLES, type BrandRole } from "../../../src/infra/db/schema";
import { newId, ID_PREFIXES, type IdKind } from "../../../src/infra/ids";
import { PERMISSIONS, roleAllows, type Permission } from "../../../src/teams/permissions";
import { Browser, addMemberDirectly, brandOwnedBy, createProfileDirectly, errorOf, inviteAndAccept, makePlatformAdmin, signedUpUser } from "../support/fixtures";

/**
 * The access matrix. Every dashboard route is enumerated from the API's own OpenAPI
 * document, where each declares `x-rekomi-access` (the same value that installs its
 * guards), so a new admin endpoint is covered the moment it is registered. Each brand
 * route must refuse: the signed-out, a member whose email is unverified (even an owner),
 * a verified user outside the brand, and every role below the one its permission needs;
 * and it must let the least sufficient role through the guard.
 */

interface RouteCase {
  method: string;
  path: string;
  access: string;
}

const doc = buildDashboardApi().getOpenAPI31Document({ openapi: "3.1.0", info: { title: "dashboard", version: "test" } });
const routes: RouteCase[] = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => ({ method: method.toUpperCase(), path, access: String(op["x-rekomi-access"]) })),
);
const brandRoutes = routes.filter((r) => r.access.startsWith("brand:"));
const prefixToKind = new Map<string, IdKind>((Object.keys(ID_PREFIXES) as IdKind[]).map((kind) => [ID_PREFIXES[kind], kind]));

/** The path with `{brandId}` set and every other id a well-formed id of the right kind. */
function concrete(route: RouteCase, brandId: string): string {
  const op = (doc.paths![route.path] as Record<string, { parameters?: { name: string; schema?: { pattern?: string } }[] }>)[route.method.toLowerCase()]!;
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === "brandId" && route.access.startsWith("brand:")) return brandId;
    const pattern = op.parameters?.find((p) => p.name === name)?.schema?.pattern ?? "";
    // Join codes and the brand's product ids are not our ids: well-formed ones that lead nowhere.
    if (name === "code") return "Unknown0000000000000000";
    if (name === "product_id") return "unknown_product";
    const kind = prefixToKind.get(/^\^(\w+)_/.exec(pattern)?.[1] ?? "");
    if (!kind) throw new Error(`no id kind for {${name}} in ${route.path}`);
    return newId(kind);
  });
}

function send(browser: Browser, route: RouteCase, brandId: string) {
  return browser.request(route.method, concrete(route, brandId));
}

interface Team {
  brandId: string;
  byRole: Record<BrandRole, Browser>;
  unverifiedOwner: Browser;
  outsider: Browser;
}

let team: Team;

beforeAll(async () => {
  const owner = await signedUpUser();
  const brandId = await brandOwnedBy(owner.browser, "Matrix brand");
  const others = {} as Record<"admin" | "member" | "viewer", Browser>;
  for (const role of ["admin", "member", "viewer"] as const) {
    const person = await signedUpUser();
    await inviteAndAccept(owner.browser, brandId, person, role);
    others[role] = person.browser;
  }
  const unverified = await signedUpUser({ verified: false });
  await addMemberDirectly(brandId, unverified.userId, "owner");
  const outsider = await signedUpUser();
  team = { brandId, byRole: { owner: owner.browser, ...others }, unverifiedOwner: unverified.browser, outsider: outsider.browser };
}, 60_000);

describe("dashboard access matrix", () => {
  it("every route declares its access, and every brand permission is a known one", () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) expect(r.access, `${r.method} ${r.path}`).toMatch(/^(public|signed_in|verified|creator|platform_admin|brand:[a-z_.]+)$/);
    for (const r of brandRoutes) expect(Object.keys(PERMISSIONS), `${r.method} ${r.path}`).toContain(r.access.slice("brand:".length));
    // The endpoints the issue names as admin endpoints are among the guarded ones.
    const guarded = brandRoutes.filter((r) => PERMISSIONS[r.access.slice(6) as Permission].minRole !== "viewer").map((r) => `${r.method} ${r.path}`);
    expect(guarded).toEqual(
      expect.arrayContaining([
        "POST /api/brands/{brandId}/invitations",
        "PATCH /api/brands/{brandId}/members/{memberId}",
        "DELETE /api/brands/{brandId}/members/{memberId}",
        "POST /api/brands/{brandId}/ownership-transfer",
        "POST /api/brands/{brandId}/api-keys",
        "DELETE /api/brands/{brandId}/api-keys/{keyId}",
        "POST /api/brands/{brandId}/campaigns",
        "PATCH /api/brands/{brandId}/campaigns/{campaignId}",
        "PATCH /api/brands/{brandId}",
        "GET /api/brands/{brandId}/audit-events",
        "POST /api/brands/{brandId}/tax-forms/{taxFormId}/download-url",
        "POST /api/brands/{brandId}/tax-forms/{taxFormId}/review",
        "PATCH /api/brands/{brandId}/enrollments/{enrollmentId}",
        "POST /api/brands/{brandId}/campaigns/{campaignId}/creator-invitations",
        "DELETE /api/brands/{brandId}/campaigns/{campaignId}/creator-invitations/{invitationId}",
        "PATCH /api/brands/{brandId}/campaigns/{campaignId}/join-link",
        "POST /api/brands/{brandId}/campaigns/{campaignId}/join-link/regenerate",
        "POST /api/brands/{brandId}/campaigns/{campaignId}/enrollments",
        "POST /api/brands/{brandId}/links",
        "PATCH /api/brands/{brandId}/links/{linkId}",
        "GET /api/brands/{brandId}/conversions",
        "GET /api/brands/{brandId}/conversions/export.csv",
        "GET /api/brands/{brandId}/analytics",
        "POST /api/brands/{brandId}/s2s-keys",
        "POST /api/brands/{brandId}/s2s-keys/{keyId}/rotate",
        "DELETE /api/brands/{brandId}/s2s-keys/{keyId}",
        "POST /api/brands/{brandId}/webhook-endpoints",
        "PATCH /api/brands/{brandId}/webhook-endpoints/{endpointId}",
        "POST /api/brands/{brandId}/webhook-endpoints/{endpointId}/rotate-secret",
        "POST /api/brands/{brandId}/webhook-endpoints/{endpointId}/test",
        "POST /api/brands/{brandId}/webhook-deliveries/{deliveryId}/redeliver",
        "POST /api/brands/{brandId}/gateway-connections",
        "POST /api/brands/{brandId}/gateway-connections/{connectionId}/rotate",
        "POST /api/brands/{brandId}/gateway-connections/{connectionId}/disconnect",
        "POST /api/brands/{brandId}/gateway-connections/{connectionId}/test-event",
      ]),
    );
  });

  for (const route of brandRoutes) {
    const permission = route.access.slice("brand:".length) as Permission;
    const needs = PERMISSIONS[permission].minRole;

    describe(`${route.method} ${route.path} (${permission}, needs ${needs})`, () => {
      it("refuses the signed-out, the unverified, outsiders and every role below it", async () => {
        const signedOut = await send(new Browser(), route, team.brandId);
        expect(signedOut.status).toBe(401);

        const unverified = await send(team.unverifiedOwner, route, team.brandId);
        expect(unverified.status).toBe(403);
        expect((await errorOf(unverified)).code).toBe("email_not_verified");

        const outsider = await send(team.outsider, route, team.brandId);
        expect(outsider.status).toBe(404);

        for (const role of BRAND_ROLES.filter((r) => !roleAllows(r, permission))) {
          const res = await send(team.byRole[role], route, team.brandId);
          expect(res.status, `${role} must be refused`).toBe(403);
          expect((await errorOf(res)).code).toBe("forbidden");
        }
      });
    });
  }

  // Passing the guard can have effects (leaving the brand), so these run after every refusal.
  for (const route of [...brandRoutes].sort((a, b) => Number(a.path.endsWith("/leave")) - Number(b.path.endsWith("/leave")))) {
    const permission = route.access.slice("brand:".length) as Permission;
    const needs = PERMISSIONS[permission].minRole;
    it(`${route.method} ${route.path}: lets ${needs} through the guard`, async () => {
      const res = await send(team.byRole[needs], route, team.brandId);
      expect([401, 403], `${needs} got ${res.status}: ${await res.clone().text()}`).not.toContain(res.status);
      // Placeholder ids and bodies may be refused (400, 404, 409), but never crash.
      expect(res.status, await res.clone().text()).toBeLessThan(500);
    });
  }

  describe("platform admin routes", () => {
    const adminRoutes = routes.filter((r) => r.access === "platform_admin");
    let staff: Browser;
    let unverifiedStaff: Browser;

    beforeAll(async () => {
      const s = await signedUpUser();
      await makePlatformAdmin(s.email);
      staff = s.browser;
      const u = await signedUpUser({ verified: false });
      await makePlatformAdmin(u.email);
      unverifiedStaff = u.browser;
    });

    it("exist", () => {
      expect(adminRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(["GET /api/admin/brands", "GET /api/admin/creators", "POST /api/admin/users/{userId}/suspend"]),
      );
    });

    for (const route of adminRoutes) {
      it(`${route.method} ${route.path}: only verified platform admins`, async () => {
        expect((await send(new Browser(), route, team.brandId)).status).toBe(401);
        const owner = await send(team.byRole.owner, route, team.brandId);
        expect(owner.status).toBe(403);
        expect((await errorOf(owner)).code).toBe("forbidden");
        const unverified = await send(unverifiedStaff, route, team.brandId);
        expect((await errorOf(unverified)).code).toBe("email_not_verified");
        const allowed = await send(staff, route, team.brandId);
        expect([401, 403]).not.toContain(allowed.status);
        expect(allowed.status, await allowed.clone().text()).toBeLessThan(500);
      });
    }
  });

  describe("verified-only routes", () => {
    for (const route of routes.filter((r) => r.access === "verified")) {
      it(`${route.method} ${route.path}: refuses the signed-out and the unverified`, async () => {
        expect((await send(new Browser(), route, team.brandId)).status).toBe(401);
        const res = await send(team.unverifiedOwner, route, team.brandId);
        expect(res.status).toBe(403);
        expect((await errorOf(res)).code).toBe("email_not_verified");
      });
    }
  });

  describe("creator routes", () => {
    const creatorRoutes = routes.filter((r) => r.access === "creator");
    let creator: Browser;
    let unverifiedCreator: Browser;

    beforeAll(async () => {
      const c = await signedUpUser();
      expect((await c.browser.post("/api/creator/profile", { display_name: "Matrix Creator" })).status).toBe(201);
      creator = c.browser;
      // A profile made before verification is possible only directly; the guard must still refuse it.
      const u = await signedUpUser({ verified: false });
      await createProfileDirectly(u.userId, u.email);
      unverifiedCreator = u.browser;
    });

    it("exist", () => {
      expect(creatorRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining([
          "GET /api/creator/profile",
          "GET /api/creator/matches",
          "POST /api/creator/applications",
          "POST /api/creator/offers/{enrollmentId}/accept",
          "POST /api/creator/offers/{enrollmentId}/decline",
          "POST /api/creator/links",
          "POST /api/me/tax-forms",
          "GET /api/me/tax-forms",
          "POST /api/me/tax-forms/{taxFormId}/download-url",
        ]),
      );
    });

    for (const route of creatorRoutes) {
      it(`${route.method} ${route.path}: only verified users with a creator profile`, async () => {
        expect((await send(new Browser(), route, team.brandId)).status).toBe(401);
        const unverified = await send(unverifiedCreator, route, team.brandId);
        expect((await errorOf(unverified)).code).toBe("email_not_verified");
        // A verified brand owner without a creator profile.
        const noProfile = await send(team.byRole.owner, route, team.brandId);
        expect(noProfile.status).toBe(404);
        expect((await errorOf(noProfile)).message).toContain("no creator profile");
        const allowed = await send(creator, route, team.brandId);
        expect([401, 403], `${allowed.status}: ${await allowed.clone().text()}`).not.toContain(allowed.status);
        expect(allowed.status, await allowed.clone().text()).toBeLessThan(500);
        if (allowed.status === 404) expect((await errorOf(allowed)).message).not.toContain("no creator profile");
      });
    }
  });

  describe("signed-in routes", () => {
    for (const route of routes.filter((r) => r.access === "signed_in")) {
      it(`${route.method} ${route.path}: refuses the signed-out`, async () => {
        expect((await send(new Browser(), route, team.brandId)).status).toBe(401);
      });
    }
  });
});
