import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, inject, it } from "vitest";
import worker from "../../../src/infra/app/worker";
import { emitTestEvent } from "../../../src/webhooks/emit";
import { withBrand } from "../../../src/infra/db/principal";
import { webhookDeliveries, webhookEndpoints } from "../../../src/infra/db/schema";
import { eq } from "drizzle-orm";
import { approveInNetwork, call, createAffiliate, createBrand, signedUpCreator, usingDb, type BrandFixture } from "../support/fixtures";

const sink = inject("webhookSinkUrl");
type Received = { headers: Record<string, string>; body: string }[];
type Endpoint = { id: string; secret: string; status: string; disabled_reason: string | null };
type Delivery = { id: string; status: string; attempts: number; last_status_code: number | null; attempt_log?: { status_code: number | null }[] };

async function received(name: string): Promise<Received> {
  return (await fetch(`${sink}/received/${name}`)).json();
}

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function endpoint(brand: BrandFixture, name: string, status = 200, events: string[] = ["*"]): Promise<Endpoint> {
  const res = await call("/v1/webhook-endpoints", { method: "POST", key: brand.apiKey, json: { url: `${sink}/hooks/${name}?status=${status}`, enabled_events: events } });
  expect(res.status).toBe(201);
  return res.json<Endpoint>();
}

async function deliveries(brand: BrandFixture, endpointId: string): Promise<Delivery[]> {
  return (await (await call(`/v1/webhook-endpoints/${endpointId}/deliveries`, { key: brand.apiKey })).json<{ data: Delivery[] }>()).data;
}

/** Runs the app worker's real queue handler on one delivery message. */
async function consume(brandId: string, deliveryId: string) {
  const batch = createMessageBatch("rekomi-webhooks", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { delivery_id: deliveryId, brand_id: brandId } }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe("outbound webhooks", () => {
  it("delivers a signed event that a Standard Webhooks library verifies, through the real queue", async () => {
    const brand = await createBrand();
    const name = `ok-${brand.brandId}`;
    const hook = await endpoint(brand, name);
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await (await call(`/v1/webhook-endpoints/${hook.id}`, { key: brand.apiKey })).json<Record<string, unknown>>();
    expect(listed).not.toHaveProperty("secret");

    // The brand offers a network creator a place; the creator accepts in their dashboard.
    const creator = await signedUpCreator();
    await usingDb((db) => approveInNetwork(db, creator.affiliateId));
    const enrolled = await call(`/v1/campaigns/${brand.campaignId}/enrollments`, { method: "POST", key: brand.apiKey, json: { affiliate_id: creator.affiliateId } });
    expect(enrolled.status).toBe(201);
    const accepted = await creator.browser.post(`/api/creator/offers/${(await enrolled.json<{ id: string }>()).id}/accept`);
    expect(accepted.status).toBe(200);

    const [req] = await waitFor(async () => {
      const got = await received(name);
      return got.length > 0 && got;
    }, "the delivery to reach the receiver");
    const payload = new Webhook(hook.secret).verify(req!.body, req!.headers) as { type: string; data: { affiliate: { id: string } } };
    expect(payload.type).toBe("offer.accepted");
    expect(payload.data.affiliate.id).toBe(creator.affiliateId);
    expect(req!.headers["webhook-id"]).toMatch(/^evt_/);

    const [delivery] = await waitFor(async () => {
      const d = await deliveries(brand, hook.id);
      return d[0]?.status === "succeeded" && d;
    }, "the delivery to be recorded as succeeded");
    const detail = await (await call(`/v1/webhook-deliveries/${delivery!.id}`, { key: brand.apiKey })).json<Delivery>();
    expect(detail.attempt_log).toEqual([expect.objectContaining({ status_code: 200 })]);
  });

  it("delivers only subscribed event types", async () => {
    const brand = await createBrand();
    const hook = await endpoint(brand, `filtered-${brand.brandId}`, 200, ["sale.created"]);
    const creator = await createAffiliate({ listed: true });
    await call(`/v1/campaigns/${brand.campaignId}/enrollments`, { method: "POST", key: brand.apiKey, json: { affiliate_id: creator.affiliateId } });
    expect(await deliveries(brand, hook.id)).toEqual([]);
  });

  it("retries a failing endpoint on schedule, logs each attempt, and redelivers on request", async () => {
    const brand = await createBrand();
    const hook = await endpoint(brand, `fail-${brand.brandId}`, 503);
    const sent = await (await call(`/v1/webhook-endpoints/${hook.id}/test`, { method: "POST", key: brand.apiKey })).json<Delivery>();
    const first = await waitFor(async () => {
      const d = (await deliveries(brand, hook.id))[0];
      return d && d.attempts >= 1 && d.last_status_code === 503 && d;
    }, "the first failed attempt");
    expect(first.status).toBe("pending");
    const [row] = await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, sent.id))));
    const delay = (row!.nextAttemptAt.getTime() - Date.now()) / 1000;
    expect(delay).toBeGreaterThan(20);
    expect(delay).toBeLessThanOrEqual(31);

    // Not due yet: a duplicate message does nothing.
    const early = await consume(brand.brandId, sent.id);
    expect(early.explicitAcks).toHaveLength(1);
    expect((await deliveries(brand, hook.id))[0]!.attempts).toBe(1);

    // Last attempt: the delivery gives up.
    await usingDb((db) =>
      withBrand(db, brand.brandId, (tx) => tx.update(webhookDeliveries).set({ attempts: 13, nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(webhookDeliveries.id, sent.id))),
    );
    await consume(brand.brandId, sent.id);
    const failed = (await deliveries(brand, hook.id))[0]!;
    expect(failed).toMatchObject({ status: "failed", attempts: 14, last_status_code: 503 });

    // Point the endpoint at a healthy receiver and redeliver.
    const name = `recovered-${brand.brandId}`;
    await call(`/v1/webhook-endpoints/${hook.id}`, { method: "PATCH", key: brand.apiKey, json: { url: `${sink}/hooks/${name}` } });
    const again = await call(`/v1/webhook-deliveries/${sent.id}/redeliver`, { method: "POST", key: brand.apiKey });
    expect(again.status).toBe(202);
    await waitFor(async () => (await deliveries(brand, hook.id))[0]?.status === "succeeded", "the redelivery");
    const [ping] = await received(name);
    expect(JSON.parse(ping!.body).type).toBe("ping");
    const resend = await call(`/v1/webhook-deliveries/${sent.id}/redeliver`, { method: "POST", key: brand.apiKey });
    expect(resend.status).toBe(202); // a succeeded delivery can be sent again
  });

  it("disables an endpoint that has failed for three days", async () => {
    const brand = await createBrand();
    const hook = await endpoint(brand, `dead-${brand.brandId}`, 500);
    await usingDb((db) =>
      withBrand(db, brand.brandId, (tx) =>
        tx.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 3 * 86_400_000 - 60_000) }).where(eq(webhookEndpoints.id, hook.id)),
      ),
    );
    await call(`/v1/webhook-endpoints/${hook.id}/test`, { method: "POST", key: brand.apiKey });
    const disabled = await waitFor(async () => {
      const e = await (await call(`/v1/webhook-endpoints/${hook.id}`, { key: brand.apiKey })).json<Endpoint>();
      return e.status === "disabled" && e;
    }, "the endpoint to be disabled");
    expect(disabled.disabled_reason).toContain("Every delivery failed since");
    const reenabled = await (await call(`/v1/webhook-endpoints/${hook.id}`, { method: "PATCH", key: brand.apiKey, json: { status: "enabled" } })).json<Endpoint>();
    expect(reenabled).toMatchObject({ status: "enabled", disabled_reason: null });
  });

  it("signs with both secrets during a rotation", async () => {
    const brand = await createBrand();
    const name = `rotate-${brand.brandId}`;
    const hook = await endpoint(brand, name);
    const rotated = await (await call(`/v1/webhook-endpoints/${hook.id}/rotate-secret`, { method: "POST", key: brand.apiKey })).json<Endpoint>();
    expect(rotated.secret).not.toBe(hook.secret);
    await call(`/v1/webhook-endpoints/${hook.id}/test`, { method: "POST", key: brand.apiKey });
    const [req] = await waitFor(async () => {
      const got = await received(name);
      return got.length > 0 && got;
    }, "the delivery");
    expect(req!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(rotated.secret).verify(req!.body, req!.headers)).not.toThrow();
    expect(() => new Webhook(hook.secret).verify(req!.body, req!.headers)).not.toThrow();
  });

  it("the cron sweeper re-enqueues a due delivery whose message was lost", async () => {
    const brand = await createBrand();
    const name = `swept-${brand.brandId}`;
    const hook = await endpoint(brand, name);
    // A delivery written without any queue message, as if the enqueue after commit was lost.
    await usingDb((db) => withBrand(db, brand.brandId, (tx) => emitTestEvent(tx, brand.brandId, hook.id)));
    expect(await received(name)).toEqual([]);
    const ctx = createExecutionContext();
    await worker.scheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env, ctx);
    await waitOnExecutionContext(ctx);
    await waitFor(async () => (await received(name)).length === 1, "the swept delivery");
  });
});
