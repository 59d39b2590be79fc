import { env, exports } from "cloudflare:workers";
import { generateApiKey, hashApiKey } from "../../../src/api-keys/keys";
import { openDb } from "../../../src/db/client";
import { withPrincipal } from "../../../src/db/principal";
import * as schema from "../../../src/db/schema";
import { newId } from "../../../src/ids";

/**
 * Test data written the way the product writes it: as the app role, each row under the
 * principal that owns it. Every call makes fresh ids, so tests never collide.
 */

export async function usingDb<T>(fn: (db: ReturnType<typeof openDb>["db"]) => Promise<T>): Promise<T> {
  const { db, close } = openDb(env);
  try {
    return await fn(db);
  } finally {
    await close();
  }
}

export interface BrandFixture {
  brandId: string;
  apiKey: string;
  apiKeyId: string;
  campaignId: string;
}

/** A brand with one API key and one active percentage campaign. */
export async function createBrand(name = "Test brand"): Promise<BrandFixture> {
  const brandId = newId("brand");
  const apiKeyId = newId("apiKey");
  const campaignId = newId("campaign");
  const { key } = generateApiKey("test");
  await usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, async (tx) => {
      await tx.insert(schema.brands).values({ id: brandId, name });
      await tx.insert(schema.apiKeys).values({ id: apiKeyId, brandId, name: "test", prefix: key.slice(0, 12), keyHash: await hashApiKey(key) });
      await tx.insert(schema.campaigns).values({
        id: campaignId,
        brandId,
        name: `${name} campaign`,
        destinationUrl: "https://brand.example/pricing?plan=pro",
        commissionType: "percentage",
        commissionRateBps: 2000,
        commissionDuration: "recurring",
        commissionDurationMonths: 12,
        currency: "USD",
      });
    }),
  );
  return { brandId, apiKey: key, apiKeyId, campaignId };
}

/** A creator profile; `listed` puts it in the curated network (visible to every brand). */
export async function createAffiliate(opts: { listed?: boolean; name?: string } = {}): Promise<{ affiliateId: string; email: string }> {
  const affiliateId = newId("affiliate");
  const email = `${affiliateId}@creator.test`;
  await usingDb((db) =>
    withPrincipal(db, { kind: "affiliate", affiliateId }, (tx) =>
      tx.insert(schema.affiliates).values({ id: affiliateId, email, displayName: opts.name ?? "Test Creator", networkStatus: opts.listed ? "approved" : "unlisted" }),
    ),
  );
  return { affiliateId, email };
}

/** Enrolls an affiliate (approved) in a brand's campaign and gives it a link. */
export async function enroll(brand: BrandFixture, affiliateId: string, campaignId = brand.campaignId) {
  const enrollmentId = newId("enrollment");
  const linkId = newId("link");
  const code = `t${linkId.slice(-12)}`;
  await usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId: brand.brandId }, async (tx) => {
      await tx.insert(schema.enrollments).values({ id: enrollmentId, brandId: brand.brandId, campaignId, affiliateId, status: "approved", source: "api" });
      await tx.insert(schema.trackingLinks).values({ id: linkId, brandId: brand.brandId, campaignId, enrollmentId, affiliateId, code });
    }),
  );
  return { enrollmentId, linkId, code };
}

/** Calls the worker under test like a client would. */
export function call(path: string, init: RequestInit & { key?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(new Request(`http://worker.test${path}`, { ...init, headers, body: body ?? null }));
}
