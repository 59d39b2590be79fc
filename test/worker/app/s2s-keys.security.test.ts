import { describe, expect, it } from "vitest";
import { call, createBrand } from "../support/fixtures";
import { expectError } from "../support/tracking";

describe("S2S keys belong to one brand", () => {
  it("answers 404 to another brand for rotate and revoke, and never lists its keys", async () => {
    const owner = await createBrand();
    const other = await createBrand();
    const created = await (await call("/v1/s2s-keys", { method: "POST", key: owner.apiKey, json: {} })).json<{ id: string }>();
    await expectError(await call(`/v1/s2s-keys/${created.id}/rotate`, { method: "POST", key: other.apiKey, json: {} }), 404, "not_found", "keyId");
    await expectError(await call(`/v1/s2s-keys/${created.id}`, { method: "DELETE", key: other.apiKey }), 404, "not_found", "keyId");
    const listed = await (await call("/v1/s2s-keys", { key: other.apiKey })).json<{ data: unknown[] }>();
    expect(listed.data).toEqual([]);
    await expectError(await call("/v1/s2s-keys", { method: "POST", json: {} }), 401, "unauthorized");
  });
});
