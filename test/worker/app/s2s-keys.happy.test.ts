import { afterEach, describe, expect, it, vi } from "vitest";
import { S2S_KEY_TTL_MS } from "../../../src/ingest/signing-keys";
import type { S2sKey } from "../../../src/s2s-keys/schemas";
import { call, createBrand } from "../support/fixtures";
import { Pipeline, expectError, signedInit } from "../support/tracking";

type WithSecret = S2sKey & { secret?: string };
const refund = { invoice_id: "in_1", amount: 100, currency: "USD" };

afterEach(() => {
  vi.useRealTimers();
});

describe("S2S keys API", () => {
  it("creates a key whose secret is shown once and signs events the edge accepts", async () => {
    const brand = await createBrand();
    const res = await call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { name: "billing" } });
    expect(res.status).toBe(201);
    const created = await res.json<WithSecret>();
    expect(created).toMatchObject({ object: "s2s_key", name: "billing", status: "active", previous_secret_expires_at: null, rotated_at: null, revoked_at: null });
    expect(created.id).toMatch(/^ssk_[0-9a-z]{26}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.secret_hint).toBe(`whsec_…${created.secret!.slice(-4)}`);

    const list = await (await call("/v1/s2s-keys", { key: brand.apiKey })).json<{ data: WithSecret[] }>();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).not.toHaveProperty("secret");
    expect(JSON.stringify(list)).not.toContain(created.secret!.slice(6));

    const pipe = new Pipeline();
    expect((await pipe.edgeFetch("/v1/track/refund", signedInit(refund, { keyId: created.id, secret: created.secret! }))).status).toBe(202);
  });

  it("rotates with a grace period for the old secret, and revokes for good", async () => {
    const brand = await createBrand();
    const created = await (await call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: {} })).json<WithSecret>();
    expect(created.name).toBe("S2S key");
    const rotatedRes = await call(`/v1/s2s-keys/${created.id}/rotate`, { method: "POST", key: brand.apiKey, json: { grace_period_seconds: 3600 } });
    expect(rotatedRes.status).toBe(200);
    const rotated = await rotatedRes.json<WithSecret>();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.id).toBe(created.id);
    expect(Date.parse(rotated.previous_secret_expires_at!) - Date.now()).toBeGreaterThan(3500_000);

    const pipe = new Pipeline();
    const sign = (secret: string) => signedInit(refund, { keyId: created.id, secret });
    expect((await pipe.edgeFetch("/v1/track/refund", sign(created.secret!))).status).toBe(202);
    expect((await pipe.edgeFetch("/v1/track/refund", sign(rotated.secret!))).status).toBe(202);

    // Rotating with no grace drops the previous secret at once.
    const hard = await (await call(`/v1/s2s-keys/${created.id}/rotate`, { method: "POST", key: brand.apiKey, json: { grace_period_seconds: 0 } })).json<WithSecret>();
    expect(hard.previous_secret_expires_at).toBeNull();

    const revoked = await call(`/v1/s2s-keys/${created.id}`, { method: "DELETE", key: brand.apiKey });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ status: "revoked", previous_secret_expires_at: null });
    expect((await call(`/v1/s2s-keys/${created.id}`, { method: "DELETE", key: brand.apiKey })).status).toBe(200);
    await expectError(await call(`/v1/s2s-keys/${created.id}/rotate`, { method: "POST", key: brand.apiKey, json: {} }), 409, "conflict", "keyId");
    // Every edge isolate refuses the revoked key once its cached copy expires.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + S2S_KEY_TTL_MS);
    await expectError(await pipe.edgeFetch("/v1/track/refund", sign(hard.secret!)), 401, "unauthorized", "rekomi-key-id");
  });

  it("never stores a secret in the idempotency record: a replay answers without it", async () => {
    const brand = await createBrand();
    const send = () => call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { name: "ci" }, headers: { "Idempotency-Key": "create-ci" } });
    const first = await (await send()).json<WithSecret>();
    const replay = await send();
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    const replayed = await replay.json<WithSecret>();
    expect(replayed.id).toBe(first.id);
    expect(first.secret).toMatch(/^whsec_/);
    expect(replayed.secret).toBeNull();
  });
});
