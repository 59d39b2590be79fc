import { describe, expect, it } from "vitest";
import type { TrackingLink } from "../../../src/links/schemas";
import { call, createAffiliate, createBrand, enroll } from "../support/fixtures";
import { expectError } from "../support/tracking";

describe("PATCH /v1/links/{linkId}", () => {
  it("pauses, resumes and re-points a link", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { linkId, code } = await enroll(brand, affiliateId);
    const patch = (json: unknown) => call(`/v1/links/${linkId}`, { method: "PATCH", key: brand.apiKey, json });

    const paused = await patch({ status: "disabled" });
    expect(paused.status).toBe(200);
    expect(await paused.json<TrackingLink>()).toMatchObject({ id: linkId, code, status: "disabled", destination_url: null, url: `https://go.rekomi.test/c/${code}` });
    const moved = await (await patch({ status: "active", destination_url: "https://brand.example/black-friday" })).json<TrackingLink>();
    expect(moved).toMatchObject({ status: "active", destination_url: "https://brand.example/black-friday" });
    expect(await (await patch({ destination_url: null })).json<TrackingLink>()).toMatchObject({ status: "active", destination_url: null });
  });

  it("names the field of bad input, and answers 404 to another brand", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { linkId } = await enroll(brand, affiliateId);
    const patch = (json: unknown, key = brand.apiKey, id = linkId) => call(`/v1/links/${id}`, { method: "PATCH", key, json });
    await expectError(await patch({ status: "paused" }), 400, "invalid_request", "status");
    await expectError(await patch({ destination_url: "ftp://brand.example" }), 400, "invalid_request", "destination_url");
    await expectError(await patch({ code: "new-code" }), 400, "invalid_request", "code");
    await expectError(await patch({ status: "disabled" }, brand.apiKey, "lnk_bad"), 400, "invalid_request", "linkId");
    const other = await createBrand();
    await expectError(await patch({ status: "disabled" }, other.apiKey), 404, "not_found", "linkId");
  });
});
