import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { resolveTrackingLink } from "../../../src/infra/edge/lookups";
import { edgeSql } from "../../../src/infra/edge/sql";
import type { Enrollment } from "../../../src/enrollments/schemas";
import { acceptOfferDirectly, call, createAffiliate, createBrand, enroll, enrollmentIn, usingDb } from "../support/fixtures";

const patch = (key: string, id: string, status: string) => call(`/v1/enrollments/${id}`, { method: "PATCH", key, json: { status } });

describe("enrollment lifecycle", () => {
  it("reviews an application, then pauses, resumes and ends the enrollment", async () => {
    const brand = await createBrand();
    const creator = await createAffiliate({ listed: true });
    // The creator applies (as their own principal: a brand cannot file an application for them).
    const applicationId = await usingDb((db) => enrollmentIn(db, { brandId: brand.brandId, campaignId: brand.campaignId, affiliateId: creator.affiliateId }, "pending"));
    const applied = await (await call(`/v1/enrollments/${applicationId}`, { key: brand.apiKey })).json<Enrollment>();
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

  it("offers a place: the brand can withdraw it but never accept it; the creator's yes makes it approved", async () => {
    const brand = await createBrand();
    const creator = await createAffiliate({ listed: true });
    const offer = (url = `/v1/campaigns/${brand.campaignId}/enrollments`) =>
      call(url, { method: "POST", key: brand.apiKey, json: { affiliate_id: creator.affiliateId } }).then((r) => r.json<Enrollment>());
    const offered = await offer();
    expect(offered).toMatchObject({ status: "invited", consented_at: null, affiliate: { email: null } });
    const selfApproved = await patch(brand.apiKey, offered.id, "approved");
    expect(selfApproved.status).toBe(409);
    expect((await selfApproved.json<{ error: { message: string } }>()).error.message).toContain("Only the creator can accept an offer");
    expect((await (await patch(brand.apiKey, offered.id, "withdrawn")).json<Enrollment>()).status).toBe("withdrawn");
    expect((await patch(brand.apiKey, offered.id, "approved")).status).toBe(409);

    const second = await createBrand();
    const again = await (await call(`/v1/campaigns/${second.campaignId}/enrollments`, { method: "POST", key: second.apiKey, json: { affiliate_id: creator.affiliateId } })).json<Enrollment>();
    await acceptOfferDirectly(creator.affiliateId, again.id);
    const accepted = await (await call(`/v1/enrollments/${again.id}`, { key: second.apiKey })).json<Enrollment>();
    expect(accepted).toMatchObject({ status: "approved", consented_at: expect.any(String), affiliate: { email: creator.email } });
    expect((await patch(second.apiKey, again.id, "paused")).status).toBe(200);
  });

  it("stops a paused enrollment's links from resolving as active", async () => {
    const brand = await createBrand();
    const creator = await createAffiliate();
    const { enrollmentId, code } = await enroll(brand, creator.affiliateId);
    expect((await resolveTrackingLink(edgeSql(env), code))!.active).toBe(true);
    expect((await patch(brand.apiKey, enrollmentId, "paused")).status).toBe(200);
    expect((await resolveTrackingLink(edgeSql(env), code))!.active).toBe(false);
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
