import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { purgeExpiredIdempotencyKeys } from "../../../src/infra/db/lookups";
import { brandOwnedBy, call, createBrand, mailTo, signedUpUser, usingDb } from "../support/fixtures";

type WithSecret = { id: string; secret: string | null };

/** Every stored idempotency response of a brand, as the brand sees them. */
function storedResponses(brandId: string) {
  return usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.select().from(schema.idempotencyKeys).where(eq(schema.idempotencyKeys.brandId, brandId))),
  );
}

describe("secrets shown once never land in idempotency storage", () => {
  it("a webhook endpoint's secret is not stored, and a replay says it is withheld", async () => {
    const brand = await createBrand();
    const send = () =>
      call("/v1/webhook-endpoints", { method: "POST", key: brand.apiKey, json: { url: "https://hooks.example/in" }, headers: { "Idempotency-Key": "ep-1" } });
    const first = await send();
    expect(first.status).toBe(201);
    const created = await first.json<WithSecret>();
    expect(created.secret).toMatch(/^whsec_/);
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    const replayed = await replay.json<WithSecret>();
    expect(replayed.id).toBe(created.id);
    expect(replayed.secret).toBeNull();
    const rows = await storedResponses(brand.brandId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.responseBody).not.toContain(created.secret!);
  });

  it("an S2S key's secret (created and rotated) is not stored, and a replay answers secret: null", async () => {
    const brand = await createBrand();
    const create = () => call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { name: "ci" }, headers: { "Idempotency-Key": "s2s-1" } });
    const created = await (await create()).json<WithSecret>();
    expect(created.secret).toMatch(/^whsec_/);
    expect((await (await create()).json<WithSecret>()).secret).toBeNull();
    const rotate = () => call(`/v1/s2s-keys/${created.id}/rotate`, { method: "POST", key: brand.apiKey, json: {}, headers: { "Idempotency-Key": "s2s-rot-1" } });
    const rotated = await (await rotate()).json<WithSecret>();
    expect(rotated.secret).toMatch(/^whsec_/);
    const again = await rotate();
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await again.json<WithSecret>()).secret).toBeNull();
    for (const row of await storedResponses(brand.brandId)) {
      expect(row.responseBody).not.toContain(created.secret!);
      expect(row.responseBody).not.toContain(rotated.secret!);
    }
  });
});

describe("idempotency keys live for 24 hours", () => {
  async function age(brandId: string, key: string, hours: number) {
    await usingDb((db) =>
      withPrincipal(db, { kind: "brand", brandId }, (tx) =>
        tx
          .update(schema.idempotencyKeys)
          .set({ createdAt: sql`now() - make_interval(hours => ${hours})` })
          .where(and(eq(schema.idempotencyKeys.brandId, brandId), eq(schema.idempotencyKeys.key, key))),
      ),
    );
  }

  it("replays within 24 h; after that the key runs the request again", async () => {
    const brand = await createBrand();
    const send = () => call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { name: "day" }, headers: { "Idempotency-Key": "daily" } });
    const first = await (await send()).json<WithSecret>();
    await age(brand.brandId, "daily", 23);
    const within = await send();
    expect(within.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await within.json<WithSecret>()).id).toBe(first.id);
    await age(brand.brandId, "daily", 25);
    const after = await send();
    expect(after.headers.get("Idempotent-Replayed")).toBeNull();
    const fresh = await after.json<WithSecret>();
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.secret).toMatch(/^whsec_/);
  });

  it("the cron purge removes rows older than 24 h and keeps younger ones", async () => {
    const brand = await createBrand();
    for (const key of ["old", "young"]) {
      await call("/v1/s2s-keys", { method: "POST", key: brand.apiKey, json: { name: key }, headers: { "Idempotency-Key": key } });
    }
    await age(brand.brandId, "old", 25);
    await usingDb((db) => purgeExpiredIdempotencyKeys(db));
    expect((await storedResponses(brand.brandId)).map((r) => r.key)).toEqual(["young"]);
  });
});

describe("the dashboard's creating POSTs are idempotent too", () => {
  it("an API key created twice with one Idempotency-Key exists once, and the replay withholds the key", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser);
    const send = () => owner.browser.request("POST", `/api/brands/${brandId}/api-keys`, { name: "server" }, { "Idempotency-Key": "key-1" });
    const first = await send();
    expect(first.status).toBe(201);
    const created = await first.json<{ id: string; key: string | null }>();
    expect(created.key).toMatch(/^rk_live_/);
    const replay = await send();
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await replay.json()).toEqual({ ...created, key: null });
    const keys = await (await owner.browser.get(`/api/brands/${brandId}/api-keys`)).json<{ data: { id: string }[] }>();
    expect(keys.data.map((k) => k.id)).toEqual([created.id]);
    const rows = await storedResponses(brandId);
    expect(rows.map((r) => r.responseBody).join()).not.toContain(created.key!);
  });

  it("a team invitation retried with its key is one invitation and one email", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser);
    const email = `invitee-${crypto.randomUUID()}@example.com`;
    const send = () => owner.browser.request("POST", `/api/brands/${brandId}/invitations`, { email, role: "member" }, { "Idempotency-Key": "inv-1" });
    const first = await (await send()).json<{ id: string }>();
    const replay = await send();
    expect(replay.status).toBe(201);
    expect((await replay.json<{ id: string }>()).id).toBe(first.id);
    expect(await mailTo(email)).toHaveLength(1);
  });
});
