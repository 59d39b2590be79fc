import { Webhook } from "standardwebhooks";
import { describe, expect, inject, it } from "vitest";
import { teammate } from "../support/fixtures";
import { dashboardTracking, expectJson } from "../support/brand-dashboard";
import { Pipeline, signedInit } from "../support/tracking";

const sink = inject("webhookSinkUrl");

type S2sKey = { id: string; name: string; secret?: string; secret_hint: string; status: string; previous_secret_expires_at: string | null };
type Endpoint = { id: string; url: string; status: string; disabled_reason: string | null; secret?: string };
type Delivery = { id: string; status: string; event: { id: string; type: string }; attempts: number; attempt_log?: { status_code: number | null; response_excerpt: string | null }[] };
type Page<T> = { data: T[] };

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("S2S keys on the Developers page", () => {
  it("creates a key whose secret is shown once and signs events, rotates it with a grace period, and revokes it", async () => {
    const t = await dashboardTracking();
    const admin = await teammate(t.owner, t.brandId, "admin");
    const base = `/api/brands/${t.brandId}/s2s-keys`;
    const created = await expectJson<S2sKey>(await admin.post(base, { name: "billing" }), 201);
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.secret_hint).toBe(`whsec_…${created.secret!.slice(-4)}`);

    const listed = await expectJson<Page<S2sKey>>(await t.owner.get(base), 200);
    expect(listed.data).toEqual([expect.objectContaining({ id: created.id, name: "billing", status: "active" })]);
    expect(JSON.stringify(listed)).not.toContain(created.secret!);

    // The secret from the dashboard signs events the edge accepts.
    const pipe = new Pipeline();
    const sale = signedInit({ customer_external_id: "cus_1", amount: 100, currency: "USD", invoice_id: "in_1" }, { keyId: created.id, secret: created.secret! });
    expect((await pipe.edgeFetch("/v1/track/sale", sale)).status).toBe(202);

    const rotated = await expectJson<S2sKey>(await admin.post(`${base}/${created.id}/rotate`, { grace_period_seconds: 3600 }), 200);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.previous_secret_expires_at!) - Date.now()).toBeGreaterThan(3500_000);
    // (How the edge switches secrets within 30 seconds is tested with the REST API's keys.)

    const revoked = await expectJson<S2sKey>(await admin.delete(`${base}/${created.id}`), 200);
    expect(revoked).toMatchObject({ status: "revoked", previous_secret_expires_at: null });
    expect(revoked).not.toHaveProperty("secret");
    // Revoking twice is harmless and logs once.
    expect((await admin.delete(`${base}/${created.id}`)).status).toBe(200);

    const audit = await expectJson<Page<{ action: string; actor: { type: string } }>>(await t.owner.get(`/api/brands/${t.brandId}/audit-events?limit=100`), 200);
    expect(audit.data.filter((e) => e.action.startsWith("s2s_key.")).map((e) => e.action)).toEqual(["s2s_key.revoked", "s2s_key.rotated", "s2s_key.created"]);
  });
});

describe("webhook endpoints on the Developers page", () => {
  it("adds an endpoint (secret once), sends a test the receiver can verify, shows attempts, redelivers, disables, rotates and deletes", async () => {
    const t = await dashboardTracking();
    const base = `/api/brands/${t.brandId}/webhook-endpoints`;
    const name = `dash-${t.brandId}`;
    const endpoint = await expectJson<Endpoint>(await t.owner.post(base, { url: `${sink}/hooks/${name}`, description: "staging" }), 201);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const listed = await expectJson<Page<Endpoint>>(await t.owner.get(base), 200);
    expect(listed.data.map((e) => e.id)).toEqual([endpoint.id]);
    expect(listed.data[0]).not.toHaveProperty("secret");

    const queued = await expectJson<Delivery>(await t.owner.post(`${base}/${endpoint.id}/test`), 202);
    expect(queued).toMatchObject({ status: "pending", event: { type: "ping" } });
    const [received] = await waitFor(async () => {
      const got = (await (await fetch(`${sink}/received/${name}`)).json()) as { headers: Record<string, string>; body: string }[];
      return got.length > 0 && got;
    }, "the test event to arrive");
    expect((new Webhook(endpoint.secret!).verify(received!.body, received!.headers) as { type: string }).type).toBe("ping");

    const delivered = await waitFor(async () => {
      const page = await expectJson<Page<Delivery>>(await t.owner.get(`${base}/${endpoint.id}/deliveries`), 200);
      return page.data[0]?.status === "succeeded" && page.data[0];
    }, "the delivery to succeed");
    const detail = await expectJson<Delivery>(await t.owner.get(`/api/brands/${t.brandId}/webhook-deliveries/${delivered.id}`), 200);
    expect(detail.attempt_log).toEqual([expect.objectContaining({ status_code: 200, response_excerpt: "ok" })]);
    const failedOnly = await expectJson<Page<Delivery>>(await t.owner.get(`${base}/${endpoint.id}/deliveries?status=failed`), 200);
    expect(failedOnly.data).toEqual([]);

    const again = await expectJson<Delivery>(await t.owner.post(`/api/brands/${t.brandId}/webhook-deliveries/${delivered.id}/redeliver`), 202);
    expect(again).toMatchObject({ id: delivered.id, status: "pending", event: { id: delivered.event.id } });

    const disabled = await expectJson<Endpoint>(await t.owner.patch(`${base}/${endpoint.id}`, { status: "disabled" }), 200);
    expect(disabled).toMatchObject({ status: "disabled", disabled_reason: "Disabled by the brand." });
    const enabled = await expectJson<Endpoint>(await t.owner.patch(`${base}/${endpoint.id}`, { status: "enabled" }), 200);
    expect(enabled).toMatchObject({ status: "enabled", disabled_reason: null });

    const rotated = await expectJson<Endpoint>(await t.owner.post(`${base}/${endpoint.id}/rotate-secret`), 200);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(await expectJson<Endpoint>(await t.owner.get(`${base}/${endpoint.id}`), 200)).toMatchObject({ id: endpoint.id, status: "enabled", description: "staging" });

    expect(await expectJson(await t.owner.delete(`${base}/${endpoint.id}`), 200)).toEqual({ id: endpoint.id, object: "webhook_endpoint", deleted: true });
    expect((await t.owner.get(`${base}/${endpoint.id}`)).status).toBe(404);
    expect((await t.owner.get(`/api/brands/${t.brandId}/webhook-deliveries/${delivered.id}`)).status).toBe(404);

    const audit = await expectJson<Page<{ action: string }>>(await t.owner.get(`/api/brands/${t.brandId}/audit-events?limit=100`), 200);
    expect(audit.data.map((e) => e.action)).toEqual(
      expect.arrayContaining(["webhook_endpoint.created", "webhook_endpoint.updated", "webhook_endpoint.secret_rotated", "webhook_endpoint.deleted"]),
    );
  });

  it("lets every role read keys, endpoints and the delivery log", async () => {
    const t = await dashboardTracking();
    await expectJson(await t.owner.post(`/api/brands/${t.brandId}/s2s-keys`, {}), 201);
    const viewer = await teammate(t.owner, t.brandId, "viewer");
    const keys = await expectJson<Page<S2sKey>>(await viewer.get(`/api/brands/${t.brandId}/s2s-keys`), 200);
    expect(keys.data).toEqual([expect.objectContaining({ name: "S2S key", status: "active" })]);
    expect((await viewer.get(`/api/brands/${t.brandId}/webhook-endpoints`)).status).toBe(200);
  });
});
