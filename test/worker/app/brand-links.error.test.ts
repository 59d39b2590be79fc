import { describe, it } from "vitest";
import { usingDb } from "../support/fixtures";
import { dashboardTracking } from "../support/brand-dashboard";
import { expectError } from "../support/tracking";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { eq } from "drizzle-orm";

describe("tracking link and enrollment errors in the brand dashboard", () => {
  it("names the field: a taken code, a bad code, an unknown or ended enrollment, a bad deep link", async () => {
    const t = await dashboardTracking();
    const links = `/api/brands/${t.brandId}/links`;
    await expectError(await t.owner.post(links, { enrollment_id: t.enrollmentId, code: t.link.code }), 409, "conflict", "code");
    await expectError(await t.owner.post(links, { enrollment_id: t.enrollmentId, code: "no spaces" }), 400, "invalid_request", "code");
    await expectError(await t.owner.post(links, { enrollment_id: "enr_01jdx3h5c2v7n9q4r8t6w0y2z1" }), 404, "not_found", "enrollment_id");
    await expectError(await t.owner.post(links, { enrollment_id: t.enrollmentId, destination_url: "javascript:alert(1)" }), 400, "invalid_request", "destination_url");
    await expectError(await t.owner.post(links, {}), 400, "invalid_request", "enrollment_id");

    await usingDb((db) => withBrand(db, t.brandId, (tx) => tx.update(schema.enrollments).set({ status: "ended" }).where(eq(schema.enrollments.id, t.enrollmentId))));
    await expectError(await t.owner.post(links, { enrollment_id: t.enrollmentId }), 409, "conflict", "enrollment_id");
  });

  it("refuses bad link updates and unknown links", async () => {
    const t = await dashboardTracking();
    await expectError(await t.owner.patch(`/api/brands/${t.brandId}/links/${t.link.id}`, { status: "deleted" }), 400, "invalid_request", "status");
    await expectError(await t.owner.patch(`/api/brands/${t.brandId}/links/${t.link.id}`, { code: "renamed" }), 400, "invalid_request", "code");
    await expectError(await t.owner.patch(`/api/brands/${t.brandId}/links/lnk_01jdx3h5c2v7n9q4r8t6w0y2z1`, { status: "disabled" }), 404, "not_found", "linkId");
    await expectError(await t.owner.get(`/api/brands/${t.brandId}/links?campaign_id=nope`), 400, "invalid_request", "campaign_id");
  });

  it("refuses to enroll a creator twice or into an unknown campaign", async () => {
    const t = await dashboardTracking();
    await expectError(await t.owner.post(`/api/brands/${t.brandId}/campaigns/${t.campaignId}/enrollments`, { affiliate_id: t.affiliateId }), 409, "conflict", "affiliate_id");
    await expectError(await t.owner.post(`/api/brands/${t.brandId}/campaigns/cmp_01jdx3h5c2v7n9q4r8t6w0y2z1/enrollments`, { affiliate_id: t.affiliateId }), 404, "not_found", "campaignId");
    await expectError(await t.owner.post(`/api/brands/${t.brandId}/campaigns/${t.campaignId}/enrollments`, { affiliate_id: t.affiliateId, status: "paused" }), 400, "invalid_request", "status");
  });
});
