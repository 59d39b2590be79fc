import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withBrand, withPrincipal } from "../../../src/infra/db/principal";
import { newId } from "../../../src/infra/ids";
import * as schema from "../../../src/infra/db/schema";
import { S2S_KEY_TTL_MS } from "../../../src/ingest/signing-keys";
import { generateSecret } from "../../../src/infra/http/standard-webhooks";
import { createBrand, usingDb, type BrandFixture } from "../support/fixtures";
import { Pipeline, createS2sKey, expectError, rotateS2sKey, signedInit, type SignOptions } from "../support/tracking";

const refund = { invoice_id: "in_1", amount: 500, currency: "USD" };
const now = () => Math.floor(Date.now() / 1000);

function send(pipe: Pipeline, init: RequestInit) {
  return pipe.edgeFetch("/v1/track/refund", init);
}

function withHeaders(init: RequestInit, change: (h: Headers) => void): RequestInit {
  const headers = new Headers(init.headers);
  change(headers);
  return { ...init, headers };
}

async function setup() {
  const brand = await createBrand();
  return { brand, key: await createS2sKey(brand), pipe: new Pipeline() };
}

function revoke(brand: BrandFixture, keyId: string) {
  return usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.update(schema.s2sKeys).set({ revokedAt: new Date() }).where(eq(schema.s2sKeys.id, keyId))));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("S2S signatures (Standard Webhooks)", () => {
  it("refuses a request missing any signing header, naming it", async () => {
    const { key, pipe } = await setup();
    for (const header of ["rekomi-key-id", "webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const res = await send(pipe, withHeaders(signedInit(refund, key), (h) => h.delete(header)));
      await expectError(res, 401, "unauthorized", header);
    }
    expect(pipe.events.sent).toEqual([]);
  });

  it("refuses a bad signature: wrong secret, altered body, altered id or timestamp, no v1 entry", async () => {
    const { key, pipe } = await setup();
    const good = signedInit(refund, key);
    const attempts: RequestInit[] = [
      signedInit(refund, { ...key, secret: generateSecret() }),
      { ...good, body: JSON.stringify({ ...refund, amount: 50_000 }) },
      withHeaders(good, (h) => h.set("webhook-id", "msg_other")),
      withHeaders(good, (h) => h.set("webhook-timestamp", String(now() - 1))),
      withHeaders(good, (h) => h.set("webhook-signature", h.get("webhook-signature")!.replace("v1,", "v1a,"))),
      withHeaders(good, (h) => h.set("webhook-signature", "v1,")),
    ];
    for (const init of attempts) {
      const res = await send(pipe, init);
      expect(res.status).toBe(401);
      expect((await res.json<{ error: { param: string } }>()).error.param).toBe("webhook-signature");
    }
    expect(pipe.events.sent).toEqual([]);
  });

  it("accepts when any of several space-separated signatures matches", async () => {
    const { key, pipe } = await setup();
    const good = signedInit(refund, key);
    const other = new Webhook(generateSecret()).sign("msg_x", new Date(), "{}");
    const res = await send(pipe, withHeaders(good, (h) => h.set("webhook-signature", `${other} ${h.get("webhook-signature")} v2,Zm9v`)));
    expect(res.status).toBe(202);
  });

  it("refuses timestamps more than five minutes old or ahead, and accepts the edges of the window", async () => {
    const { key, pipe } = await setup();
    await expectError(await send(pipe, signedInit(refund, { ...key, timestamp: now() - 301 })), 401, "unauthorized", "webhook-timestamp");
    await expectError(await send(pipe, signedInit(refund, { ...key, timestamp: now() + 301 })), 401, "unauthorized", "webhook-timestamp");
    await expectError(await send(pipe, withHeaders(signedInit(refund, key), (h) => h.set("webhook-timestamp", "yesterday"))), 400, "invalid_request", "webhook-timestamp");
    expect((await send(pipe, signedInit(refund, { ...key, timestamp: now() - 290 }))).status).toBe(202);
    expect((await send(pipe, signedInit(refund, { ...key, timestamp: now() + 290 }))).status).toBe(202);
  });

  it("refuses unknown, malformed and revoked key ids, and another brand's key with this brand's secret", async () => {
    const { brand, key, pipe } = await setup();
    const other = await createBrand();
    const otherKey = await createS2sKey(other);
    await expectError(await send(pipe, signedInit(refund, { ...key, keyId: "ssk_00000000000000000000000000" })), 401, "unauthorized", "rekomi-key-id");
    await expectError(await send(pipe, signedInit(refund, { ...key, keyId: "not-a-key" })), 401, "unauthorized", "rekomi-key-id");
    await expectError(await send(pipe, signedInit(refund, { keyId: otherKey.keyId, secret: key.secret })), 401, "unauthorized", "webhook-signature");

    const revoked = await createS2sKey(brand);
    await revoke(brand, revoked.keyId);
    const error = await expectError(await send(pipe, signedInit(refund, revoked)), 401, "unauthorized", "rekomi-key-id");
    expect(error.message).toContain("revoked");
    expect(pipe.events.sent).toEqual([]);
  });

  it("enforces a revocation within the key cache bound", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const { brand, key, pipe } = await setup();
    expect((await send(pipe, signedInit(refund, key))).status).toBe(202);
    await revoke(brand, key.keyId);
    vi.setSystemTime(Date.now() + S2S_KEY_TTL_MS);
    await expectError(await send(pipe, signedInit(refund, key)), 401, "unauthorized", "rekomi-key-id");
  });

  it("keeps the previous secret valid during a rotation's grace period, and not after", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const { brand, key, pipe } = await setup();
    const graceEnds = new Date(Date.now() + 3600_000);
    const newSecret = await rotateS2sKey(brand, key.keyId, graceEnds);
    const signed = (secret: string): SignOptions => ({ keyId: key.keyId, secret });
    expect((await send(pipe, signedInit(refund, signed(newSecret)))).status).toBe(202);
    expect((await send(pipe, signedInit(refund, signed(key.secret)))).status).toBe(202);
    vi.setSystemTime(graceEnds.getTime() + 1000);
    await expectError(await send(pipe, signedInit(refund, signed(key.secret))), 401, "unauthorized", "webhook-signature");
    expect((await send(pipe, signedInit(refund, signed(newSecret)))).status).toBe(202);
  });

  it("refuses events for a suspended brand", async () => {
    const { brand, key, pipe } = await setup();
    // Suspending is staff's call (a trigger refuses it to anyone else).
    await usingDb((db) =>
      withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, (tx) => tx.update(schema.brands).set({ status: "suspended" }).where(eq(schema.brands.id, brand.brandId))),
    );
    await expectError(await send(pipe, signedInit(refund, key)), 403, "forbidden");
  });
});
