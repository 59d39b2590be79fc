import { describe, it } from "vitest";
import { dashboardTracking } from "../support/brand-dashboard";
import { expectError } from "../support/tracking";

describe("Developers page errors", () => {
  it("names what is wrong with S2S key writes", async () => {
    const t = await dashboardTracking();
    const base = `/api/brands/${t.brandId}/s2s-keys`;
    await expectError(await t.owner.post(base, { name: "" }), 400, "invalid_request", "name");
    await expectError(await t.owner.post(base, { name: "x", secret: "mine" }), 400, "invalid_request", "secret");
    const created = await (await t.owner.post(base, { name: "billing" })).json<{ id: string }>();
    await expectError(await t.owner.post(`${base}/${created.id}/rotate`, { grace_period_seconds: 8 * 86_400 }), 400, "invalid_request", "grace_period_seconds");
    await expectError(await t.owner.post(`${base}/ssk_01jdx3h5c2v7n9q4r8t6w0y2z1/rotate`, {}), 404, "not_found", "keyId");
    await expectError(await t.owner.delete(`${base}/ssk_01jdx3h5c2v7n9q4r8t6w0y2z1`), 404, "not_found", "keyId");
    await t.owner.delete(`${base}/${created.id}`);
    await expectError(await t.owner.post(`${base}/${created.id}/rotate`, {}), 409, "conflict", "keyId");
  });

  it("names what is wrong with webhook endpoint writes", async () => {
    const t = await dashboardTracking();
    const base = `/api/brands/${t.brandId}/webhook-endpoints`;
    await expectError(await t.owner.post(base, { url: "ftp://files.example/hook" }), 400, "invalid_request", "url");
    await expectError(await t.owner.post(base, { url: "https://user:pw@hooks.example/x" }), 400, "invalid_request", "url");
    await expectError(await t.owner.post(base, { url: "https://hooks.example/x", enabled_events: ["payment.made"] }), 400, "invalid_request", "enabled_events.0");
    const unknown = "whe_01jdx3h5c2v7n9q4r8t6w0y2z1";
    await expectError(await t.owner.patch(`${base}/${unknown}`, { status: "disabled" }), 404, "not_found", "endpointId");
    await expectError(await t.owner.post(`${base}/${unknown}/test`), 404, "not_found", "endpointId");
    await expectError(await t.owner.post(`${base}/${unknown}/rotate-secret`), 404, "not_found", "endpointId");
    await expectError(await t.owner.get(`${base}/${unknown}/deliveries`), 404, "not_found", "endpointId");
    await expectError(await t.owner.get(`${base}/${unknown}/deliveries?status=lost`), 400, "invalid_request", "status");
    await expectError(await t.owner.get(`/api/brands/${t.brandId}/webhook-deliveries/whd_01jdx3h5c2v7n9q4r8t6w0y2z1`), 404, "not_found", "deliveryId");
    await expectError(await t.owner.post(`/api/brands/${t.brandId}/webhook-deliveries/whd_01jdx3h5c2v7n9q4r8t6w0y2z1/redeliver`), 404, "not_found", "deliveryId");
  });

  it("refuses to redeliver a delivery that is still pending", async () => {
    const t = await dashboardTracking();
    const base = `/api/brands/${t.brandId}/webhook-endpoints`;
    // Nothing listens on port 9: failed attempts are rescheduled, so the delivery stays pending.
    const endpoint = await (await t.owner.post(base, { url: "http://127.0.0.1:9/never" })).json<{ id: string }>();
    const queued = await (await t.owner.post(`${base}/${endpoint.id}/test`)).json<{ id: string; status: string }>();
    await expectError(await t.owner.post(`/api/brands/${t.brandId}/webhook-deliveries/${queued.id}/redeliver`), 409, "conflict", "deliveryId");
  });
});
