import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { GatewayConnection } from "../../../src/gateway-connections/schemas";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { call, createBrand, dashboardBrand, errorOf, teammate, usingDb } from "../support/fixtures";
import { connected, loadWorker, paddleKey, postTo, rawConnection, stripeKey } from "../support/gateway-connections";

beforeAll(loadWorker, 60_000);

describe("gateway connections: who may see and change them", () => {
  it("another brand can neither see nor act on a connection (404), and it stays as it was", async () => {
    const owner = await createBrand("Owner brand");
    const other = await createBrand("Other brand");
    const connection = await connected(owner, { gateway: "paddle", mode: "test", paddle: { api_key: paddleKey() } });

    for (const path of ["", "/health"]) {
      const res = await call(`/v1/gateway-connections/${connection.id}${path}`, { key: other.apiKey });
      expect(res.status, path).toBe(404);
    }
    for (const path of ["rotate", "disconnect", "test-event"]) {
      const res = await postTo(other, `/${connection.id}/${path}`, {});
      expect(res.status, path).toBe(404);
      expect((await errorOf(res)).code).toBe("not_found");
    }
    const list = await (await call("/v1/gateway-connections", { key: other.apiKey })).json<{ data: GatewayConnection[] }>();
    expect(list.data).toEqual([]);
    // The other brand may connect the same gateway and mode for itself.
    expect((await connected(other, { gateway: "paddle", mode: "test", paddle: { api_key: paddleKey() } })).status).toBe("active");
    const row = await rawConnection(connection.id);
    expect(row).toMatchObject({ status: "active", rotatedAt: null, brandId: owner.brandId });
  });

  it("on the dashboard door, viewers see connections and only admins change them", async () => {
    const { owner, brandId } = await dashboardBrand();
    const admin = await teammate(owner, brandId, "admin");
    const member = await teammate(owner, brandId, "member");
    const viewer = await teammate(owner, brandId, "viewer");
    const base = `/api/brands/${brandId}/gateway-connections`;

    const created = await admin.post(base, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } });
    expect(created.status, await created.clone().text()).toBe(201);
    const connection = await created.json<GatewayConnection>();
    expect(connection.webhook_url).toBe(`https://go.rekomi.test/webhooks/stripe/${connection.id}`);

    const listed = await viewer.get(base);
    expect(listed.status).toBe(200);
    expect((await listed.json<{ data: GatewayConnection[] }>()).data.map((c) => c.id)).toEqual([connection.id]);
    expect((await viewer.get(`${base}/${connection.id}/health`)).status).toBe(200);

    for (const who of [viewer, member]) {
      for (const [path, body] of [
        ["", { gateway: "paddle", mode: "test", paddle: { api_key: paddleKey() } }],
        [`/${connection.id}/rotate`, {}],
        [`/${connection.id}/disconnect`, {}],
        [`/${connection.id}/test-event`, {}],
      ] as const) {
        const res = await who.post(`${base}${path}`, body);
        expect(res.status, path).toBe(403);
        expect((await errorOf(res)).code).toBe("forbidden");
      }
    }
    const disconnected = await admin.post(`${base}/${connection.id}/disconnect`, {});
    expect(disconnected.status).toBe(200);
  }, 60_000);

  it("audit-logs connecting, rotating, testing and disconnecting, never with a secret", async () => {
    const brand = await createBrand();
    const key = stripeKey();
    const pasted = "whsec_AuditNeverSeesThis00000001";
    const connection = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: key, signing_secret: pasted } });
    const newKey = stripeKey();
    const rotatedSecret = "whsec_AuditNeverSeesThis00000002";
    expect((await postTo(brand, `/${connection.id}/rotate`, { stripe: { api_key: newKey, signing_secret: rotatedSecret } })).status).toBe(200);
    expect((await postTo(brand, `/${connection.id}/test-event`)).status).toBe(200);
    expect((await postTo(brand, `/${connection.id}/disconnect`)).status).toBe(200);

    const events = await usingDb((db) =>
      withPrincipal(db, { kind: "brand", brandId: brand.brandId }, (tx) => tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.targetId, connection.id)).orderBy(schema.auditEvents.id)),
    );
    expect(events.map((e) => e.action)).toEqual(["gateway_connection.connected", "gateway_connection.rotated", "gateway_connection.test_event_sent", "gateway_connection.disconnected"]);
    expect(events.every((e) => e.actorType === "api_key")).toBe(true);
    expect(events[0]!.metadata).toMatchObject({ gateway: "stripe", mode: "test", secret_source: "pasted" });
    const logged = JSON.stringify(events);
    for (const secret of [key, newKey, pasted, rotatedSecret]) expect(logged).not.toContain(secret);
  });
});
