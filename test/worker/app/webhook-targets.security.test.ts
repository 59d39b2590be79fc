import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import worker, { buildAppWorker } from "../../../src/infra/app/worker";
import { withBrand } from "../../../src/infra/db/principal";
import { webhookAttempts, webhookDeliveries } from "../../../src/infra/db/schema";
import { emitTestEvent } from "../../../src/webhooks/emit";
import { call, createBrand, usingDb } from "../support/fixtures";

const sink = inject("webhookSinkUrl");

/** The bindings of a production deployment (with the mail settings production requires). */
function production(): Record<string, unknown> {
  return { ...(env as unknown as Record<string, unknown>), APP_ENV: "production", EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test_unused" };
}

const createEndpoint = (brand: { apiKey: string }, url: string, bindings: Record<string, unknown>, ctx: ExecutionContext) =>
  buildAppWorker().request(
    "/v1/webhook-endpoints",
    { method: "POST", headers: { authorization: `Bearer ${brand.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ url }) },
    bindings,
    ctx,
  );

describe("webhook targets are checked under production rules unless APP_ENV says otherwise", () => {
  it("refuses to run at all when APP_ENV is not set or unknown, rather than guess (fail closed)", async () => {
    const brand = await createBrand();
    for (const appEnv of [undefined, "staging"]) {
      const bindings = { ...production(), APP_ENV: appEnv };
      const ctx = createExecutionContext();
      const res = await createEndpoint(brand, `${sink}/hooks/x`, bindings, ctx);
      await waitOnExecutionContext(ctx);
      expect.soft(res.status, String(appEnv)).toBe(503);
      expect.soft((await res.json<{ error: { message: string } }>()).error.message, String(appEnv)).toContain("`APP_ENV`");
      const batch = createMessageBatch("rekomi-webhooks", []);
      await expect(worker.queue(batch, bindings as unknown as typeof env, createExecutionContext())).rejects.toThrow(/APP_ENV/);
    }
  });

  it("refuses a loopback endpoint in production", async () => {
    const brand = await createBrand();
    for (const url of [`${sink}/hooks/x`, "https://[::ffff:127.0.0.1]/x", "https://[::]/x", "https://198.18.0.1/x"]) {
      const ctx = createExecutionContext();
      const res = await createEndpoint(brand, url, production(), ctx);
      await waitOnExecutionContext(ctx);
      expect.soft(res.status, url).toBe(400);
      expect.soft((await res.json<{ error: { param: string } }>()).error.param, url).toBe("url");
    }
  });

  it("re-checks at delivery: a stored endpoint whose URL is now refused is never contacted, and no response is shown", async () => {
    const brand = await createBrand();
    const name = `refused-${brand.brandId}`;
    // Saved while local targets were allowed (APP_ENV=test) ...
    const created = await call("/v1/webhook-endpoints", { method: "POST", key: brand.apiKey, json: { url: `${sink}/hooks/${name}` } });
    expect(created.status).toBe(201);
    const hook = await created.json<{ id: string }>();
    const deliveryId = await usingDb((db) => withBrand(db, brand.brandId, (tx) => emitTestEvent(tx, brand.brandId, hook.id)));
    // ... and delivered by a production consumer.
    const batch = createMessageBatch("rekomi-webhooks", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { delivery_id: deliveryId, brand_id: brand.brandId } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, production() as unknown as typeof env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await (await fetch(`${sink}/received/${name}`)).json()).toEqual([]);
    const [delivery] = await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId))));
    expect(delivery).toMatchObject({ status: "failed", lastStatusCode: null, lastError: expect.stringContaining("endpoint URL refused") });
    const attempts = await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId))));
    expect(attempts).toEqual([]);
    const shown = await (await call(`/v1/webhook-deliveries/${deliveryId}`, { key: brand.apiKey })).json<{ attempt_log: { response_excerpt: string | null }[] }>();
    expect(shown.attempt_log).toEqual([]);
  });
});
