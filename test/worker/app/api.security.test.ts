import { describe, expect, it } from "vitest";
import { call, createAffiliate, createBrand, enroll, usingDb } from "../support/fixtures";
import { withBrand } from "../../../src/infra/db/principal";
import { apiKeys } from "../../../src/infra/db/schema";
import { eq } from "drizzle-orm";

describe("API keys", () => {
  it("401 without a key, with a malformed key, with an unknown key, and with a revoked key", async () => {
    const brand = await createBrand();
    const unauthorized = async (res: Response) => {
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("unauthorized");
    };
    await unauthorized(await call("/v1/campaigns"));
    await unauthorized(await call("/v1/campaigns", { headers: { authorization: "Basic abc" } }));
    await unauthorized(await call("/v1/campaigns", { key: "rk_live_short" }));
    await unauthorized(await call("/v1/campaigns", { key: "rk_live_" + "A".repeat(32) }));
    await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, brand.apiKeyId))));
    await unauthorized(await call("/v1/campaigns", { key: brand.apiKey }));
  });

  it("records when a key was last used", async () => {
    const brand = await createBrand();
    expect((await call("/v1/campaigns", { key: brand.apiKey })).status).toBe(200);
    const [row] = await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, brand.apiKeyId))));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("a brand's key never reaches another brand's data", () => {
  it("gets 404 for another brand's campaign: read, update, enrollments, links", async () => {
    const a = await createBrand("A");
    const b = await createBrand("B");
    const creator = await createAffiliate({ listed: true });
    const { enrollmentId } = await enroll(b, creator.affiliateId);

    expect((await call(`/v1/campaigns/${b.campaignId}`, { key: a.apiKey })).status).toBe(404);
    expect((await call(`/v1/campaigns/${b.campaignId}`, { method: "PATCH", key: a.apiKey, json: { name: "mine now" } })).status).toBe(404);
    expect((await call(`/v1/campaigns/${b.campaignId}/enrollments`, { key: a.apiKey })).status).toBe(404);
    expect((await call(`/v1/campaigns/${b.campaignId}/enrollments`, { method: "POST", key: a.apiKey, json: { affiliate_id: creator.affiliateId } })).status).toBe(404);
    const link = await call("/v1/links", { method: "POST", key: a.apiKey, json: { enrollment_id: enrollmentId } });
    expect(link.status).toBe(404);
    expect((await link.json<{ error: { param: string } }>()).error.param).toBe("enrollment_id");

    const listed = await (await call("/v1/links?limit=100", { key: a.apiKey })).json<{ data: unknown[] }>();
    expect(listed.data).toEqual([]);
    const campaigns = await (await call("/v1/campaigns?limit=100", { key: a.apiKey })).json<{ data: { id: string }[] }>();
    expect(campaigns.data.map((c) => c.id)).toEqual([a.campaignId]);

    // B's campaign is untouched.
    const own = await (await call(`/v1/campaigns/${b.campaignId}`, { key: b.apiKey })).json<{ name: string }>();
    expect(own.name).toBe("B campaign");
  });

  it("cannot enroll a creator it cannot see (unlisted and not working with the brand)", async () => {
    const a = await createBrand();
    const hidden = await createAffiliate({ listed: false });
    const res = await call(`/v1/campaigns/${a.campaignId}/enrollments`, { method: "POST", key: a.apiKey, json: { affiliate_id: hidden.affiliateId } });
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { param: string } }>()).error.param).toBe("affiliate_id");
  });

  it("keeps idempotency keys per brand", async () => {
    const a = await createBrand();
    const b = await createBrand();
    const body = { name: "Same key", destination_url: "https://x.example", commission: { type: "flat", amount: 100, currency: "USD", duration: "one_time" } };
    const ra = await call("/v1/campaigns", { method: "POST", key: a.apiKey, json: body, headers: { "Idempotency-Key": "shared" } });
    const rb = await call("/v1/campaigns", { method: "POST", key: b.apiKey, json: body, headers: { "Idempotency-Key": "shared" } });
    expect(ra.status).toBe(201);
    expect(rb.status).toBe(201);
    expect(rb.headers.get("Idempotent-Replayed")).toBeNull();
    expect((await ra.json<{ id: string }>()).id).not.toBe((await rb.json<{ id: string }>()).id);
  });
});
