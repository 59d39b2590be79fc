import { describe, expect, it } from "vitest";
import { resolveTrackingLink } from "../../../src/db/lookups";
import type { Enrollment } from "../../../src/enrollments/schemas";
import { call, createAffiliate, createBrand, enroll, usingDb } from "../support/fixtures";

const patch = (key: string, id: string, status: string) => call(`/v1/enrollments/${id}`, { method: "PATCH", key, json: { status } });

describe("enrollment lifecycle", () => {
  it("reviews an application, then pauses, resumes and ends the enrollment", async () => {
    const brand = await createBrand();
    const creator = await createAffiliate({ listed: true });
    const applied = await (
      await call(`/v1/campaigns/${brand.campaignId}/enrollments`, { method: "POST", key: brand.apiKey, json: { affiliate_id: creator.affiliateId, status: "pending" } })
    ).json<Enrollment>();
    expect(applied.status).toBe("pending");
    // An application cannot be paused before it is approved.
    const early = await patch(brand.apiKey, applied.id, "paused");
    expect(early.status).toBe(409);
    expect((await early.json<{ error: { message: string } }>()).error.message).toContain("approved or rejected");

    for (const status of ["approved", "paused", "approved", "ended"]) {
      const res = await patch(brand.apiKey, applied.id, status);
      expect(res.status).toBe(200);
      expect((await res.json<Enrollment>()).status).toBe(status);
    }
    const final = await patch(brand.apiKey, applied.id, "approved");
    expect(final.status).toBe(409);
    expect((await (await call(`/v1/enrollments/${applied.id}`, { key: brand.apiKey })).json<Enrollment>()).status).toBe("ended");
  });

  it("stops a paused enrollment's links from resolving as active", async () => {
    const brand = await createBrand();
    const creator = await createAffiliate();
    const { enrollmentId, code } = await enroll(brand, creator.affiliateId);
    expect((await usingDb((db) => resolveTrackingLink(db, code)))!.active).toBe(true);
    expect((await patch(brand.apiKey, enrollmentId, "paused")).status).toBe(200);
    expect((await usingDb((db) => resolveTrackingLink(db, code)))!.active).toBe(false);
  });

  it("refuses unknown statuses and other brands' enrollments", async () => {
    const a = await createBrand();
    const b = await createBrand();
    const creator = await createAffiliate();
    const { enrollmentId } = await enroll(b, creator.affiliateId);
    expect((await patch(a.apiKey, enrollmentId, "ended")).status).toBe(404);
    expect((await call(`/v1/enrollments/${enrollmentId}`, { key: a.apiKey })).status).toBe(404);
    const bad = await patch(b.apiKey, enrollmentId, "deleted");
    expect(bad.status).toBe(400);
    expect((await bad.json<{ error: { param: string } }>()).error.param).toBe("status");
  });
});
