import { describe, it } from "vitest";
import { call, createBrand } from "../support/fixtures";
import { expectError } from "../support/tracking";

describe("S2S keys API refuses bad input", () => {
  it("names the field", async () => {
    const brand = await createBrand();
    await expectError(await call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { name: "" } }), 400, "invalid_request", "name");
    await expectError(await call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { nmae: "x" } }), 400, "invalid_request", "nmae");
    const created = await (await call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: {} })).json<{ id: string }>();
    const rotate = (json: unknown) => call(`/v1/s2s-keys/${created.id}/rotate`, { method: "POST", key: brand.apiKey, json });
    await expectError(await rotate({ grace_period_seconds: -1 }), 400, "invalid_request", "grace_period_seconds");
    await expectError(await rotate({ grace_period_seconds: 8 * 86400 }), 400, "invalid_request", "grace_period_seconds");
    await expectError(await rotate({ grace_period_seconds: 1.5 }), 400, "invalid_request", "grace_period_seconds");
    await expectError(await call("/v1/s2s-keys/key_123/rotate", { method: "POST", key: brand.apiKey, json: {} }), 400, "invalid_request", "keyId");
  });
});
