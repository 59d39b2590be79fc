import { describe, expect, it } from "vitest";
import { teammate } from "../support/fixtures";
import { dashboardTracking } from "../support/brand-dashboard";
import { expectError } from "../support/tracking";

describe("conversion list, export and analytics errors", () => {
  it("names the bad filter, before any CSV is streamed", async () => {
    const t = await dashboardTracking();
    const base = `/api/brands/${t.brandId}`;
    await expectError(await t.owner.get(`${base}/conversions?type=purchase`), 400, "invalid_request", "type");
    await expectError(await t.owner.get(`${base}/conversions?cursor=nope`), 400, "invalid_request", "cursor");
    const csv = await t.owner.get(`${base}/conversions/export.csv?created_gte=yesterday`);
    expect(csv.headers.get("content-type")).toMatch(/^application\/json/);
    await expectError(csv, 400, "invalid_request", "created_gte");
    await expectError(await t.owner.get(`${base}/conversions/export.csv?affiliate_id=cmp_01jdx3h5c2v7n9q4r8t6w0y2z1`), 400, "invalid_request", "affiliate_id");
  });

  it("refuses analytics ranges that are inverted, too long or not calendar days", async () => {
    const t = await dashboardTracking();
    const base = `/api/brands/${t.brandId}/analytics`;
    await expectError(await t.owner.get(`${base}?from=2026-11-20&to=2026-11-01`), 400, "invalid_request", "from");
    await expectError(await t.owner.get(`${base}?from=2024-01-01&to=2026-01-01`), 400, "invalid_request", "from");
    await expectError(await t.owner.get(`${base}?from=2026-02-30`), 400, "invalid_request", "from");
    await expectError(await t.owner.get(`${base}?to=yesterday`), 400, "invalid_request", "to");
    await expectError(await t.owner.get(`${base}?campaign_id=aff_01jdx3h5c2v7n9q4r8t6w0y2z1`), 400, "invalid_request", "campaign_id");
  });

  it("keeps conversions and analytics from viewers (revenue is for members and up)", async () => {
    const t = await dashboardTracking();
    const viewer = await teammate(t.owner, t.brandId, "viewer");
    for (const path of ["conversions", "conversions/export.csv", "analytics"]) {
      await expectError(await viewer.get(`/api/brands/${t.brandId}/${path}`), 403, "forbidden");
    }
  });
});
