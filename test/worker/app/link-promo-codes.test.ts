import { describe, expect, it } from "vitest";
import type { BrandLink, TrackingLink } from "../../../src/links/schemas";
import { addMemberDirectly, call, createAffiliate, createBrand, enroll, signedUpCreator, signedUpUser } from "../support/fixtures";
import { expectError } from "../support/tracking";

describe("promotion codes on links", () => {
  it("are set on create and update, trimmed, read back on every door, removed with null, and shown to the creator", async () => {
    const brand = await createBrand();
    const creator = await signedUpCreator({ display_name: "Casey Creator" });
    const { linkId, enrollmentId } = await enroll(brand, creator.affiliateId);

    const created = await call("/v1/links", { method: "POST", key: brand.apiKey, json: { enrollment_id: enrollmentId, promo_code: "  CASEY20 " } });
    expect(created.status, await created.clone().text()).toBe(201);
    const link = await created.json<TrackingLink>();
    expect(link.promo_code).toBe("CASEY20");

    const patched = await call(`/v1/links/${linkId}`, { method: "PATCH", key: brand.apiKey, json: { promo_code: "promo_1QxYz" } });
    expect(patched.status).toBe(200);
    expect(await patched.json<TrackingLink>()).toMatchObject({ id: linkId, promo_code: "promo_1QxYz", status: "active" });
    // A PATCH of another field keeps the code.
    expect(await (await call(`/v1/links/${linkId}`, { method: "PATCH", key: brand.apiKey, json: { status: "disabled" } })).json<TrackingLink>()).toMatchObject({ promo_code: "promo_1QxYz" });

    const got = await call(`/v1/links/${link.id}`, { key: brand.apiKey });
    expect(got.status).toBe(200);
    expect(await got.json<BrandLink>()).toMatchObject({ id: link.id, promo_code: "CASEY20", affiliate_name: "Casey Creator", clicks: { total: 0, last_30_days: 0 } });
    const viewer = await signedUpUser();
    await addMemberDirectly(brand.brandId, viewer.userId, "viewer");
    const listed = await (await viewer.browser.get(`/api/brands/${brand.brandId}/links?enrollment_id=${enrollmentId}`)).json<{ data: BrandLink[] }>();
    expect(listed.data.map((l) => [l.id, l.promo_code]).sort()).toEqual([[link.id, "CASEY20"], [linkId, "promo_1QxYz"]].sort());

    const mine = await (await creator.browser.get("/api/creator/enrollments")).json<{ data: { links: TrackingLink[] }[] }>();
    expect(mine.data.flatMap((e) => e.links).map((l) => l.promo_code).sort()).toEqual(["CASEY20", "promo_1QxYz"]);

    // Only the brand gives out codes: a creator's own link takes none.
    const own = await creator.browser.post("/api/creator/links", { enrollment_id: enrollmentId, promo_code: "SELF50" });
    expect(own.status, await own.clone().text()).toBe(201);
    expect((await own.json<TrackingLink>()).promo_code).toBeNull();

    const removed = await call(`/v1/links/${linkId}`, { method: "PATCH", key: brand.apiKey, json: { promo_code: null } });
    expect(await removed.json<TrackingLink>()).toMatchObject({ promo_code: null });
  });

  it("are unique within a brand: the conflict names the link that has the code; another brand may use it", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate({ name: "Robin Reviewer" });
    const first = await enroll(brand, affiliateId);
    const { affiliateId: otherCreator } = await createAffiliate();
    const second = await enroll(brand, otherCreator);
    const patch = (id: string, json: unknown) => call(`/v1/links/${id}`, { method: "PATCH", key: brand.apiKey, json });
    expect((await patch(first.linkId, { promo_code: "ROBIN10" })).status).toBe(200);

    const taken = await expectError(await patch(second.linkId, { promo_code: " ROBIN10" }), 409, "conflict", "promo_code");
    expect(taken.message).toContain(`already on link ${first.linkId} (\`${first.code}\` (Robin Reviewer))`);
    const onCreate = await call("/v1/links", { method: "POST", key: brand.apiKey, json: { enrollment_id: second.enrollmentId, promo_code: "ROBIN10" } });
    expect((await expectError(onCreate, 409, "conflict", "promo_code")).message).toContain(first.linkId);
    // Setting a link's own code again is no conflict.
    expect((await patch(first.linkId, { promo_code: "ROBIN10" })).status).toBe(200);

    const elsewhere = await createBrand();
    const { affiliateId: third } = await createAffiliate();
    const theirs = await enroll(elsewhere, third);
    expect((await call(`/v1/links/${theirs.linkId}`, { method: "PATCH", key: elsewhere.apiKey, json: { promo_code: "ROBIN10" } })).status).toBe(200);
  });

  it("refuses blank, oversized or control-character codes, and answers 404 for another brand's link", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { linkId } = await enroll(brand, affiliateId);
    const patch = (json: unknown) => call(`/v1/links/${linkId}`, { method: "PATCH", key: brand.apiKey, json });
    await expectError(await patch({ promo_code: "   " }), 400, "invalid_request", "promo_code");
    await expectError(await patch({ promo_code: "x".repeat(201) }), 400, "invalid_request", "promo_code");
    await expectError(await patch({ promo_code: "A\nB" }), 400, "invalid_request", "promo_code");
    await expectError(await patch({ promo_code: 42 }), 400, "invalid_request", "promo_code");
    await expectError(await call(`/v1/links/lnk_00000000000000000000000000`, { key: brand.apiKey }), 404, "not_found", "linkId");
    const other = await createBrand();
    await expectError(await call(`/v1/links/${linkId}`, { key: other.apiKey }), 404, "not_found", "linkId");
  });
});
