import { and, eq, lte, sql } from "drizzle-orm";
import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { withBrand } from "../infra/db/principal";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "../infra/db/schema";
import { secretKey, signatureHeader } from "../infra/http/standard-webhooks";
import { newId } from "../infra/ids";
import { openSecret } from "../infra/secrets/box";
import { ATTEMPT_TIMEOUT_MS, AUTO_DISABLE_AFTER_MS, MAX_ATTEMPTS, RETRY_DELAYS_S } from "./catalog";
import type { DeliveryMessage } from "./enqueue";
import { endpointUrlProblem } from "./url";

export type AttemptOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "succeeded"; statusCode: number }
  | { kind: "retry"; delaySeconds: number }
  | { kind: "failed"; reason: string };

/** While one consumer attempts a delivery, others (sweeper, duplicates) leave it alone. */
const LEASE_SECONDS = 60;

export const secretContext = (endpointId: string) => `webhook_endpoint:${endpointId}`;

/** The JSON body brands receive; `webhook-id` is the event id, stable across retries. */
export function eventBody(event: typeof webhookEvents.$inferSelect): string {
  return JSON.stringify({ id: event.id, object: "event", type: event.type, created_at: event.createdAt.toISOString(), data: event.data });
}

async function post(url: string, headers: Record<string, string>, body: string) {
  const started = Date.now();
  try {
    const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
    const text = (await res.text().catch(() => "")).slice(0, 500);
    return { statusCode: res.status, ok: res.status >= 200 && res.status < 300, excerpt: text, error: null, durationMs: Date.now() - started };
  } catch (err) {
    const error = err instanceof Error && err.name === "TimeoutError" ? `no answer within ${ATTEMPT_TIMEOUT_MS} ms` : String(err);
    return { statusCode: null, ok: false, excerpt: null, error, durationMs: Date.now() - started };
  }
}

/**
 * One delivery attempt: claim the delivery (a lease, so a crash mid-attempt only delays
 * it), sign and POST outside any transaction, then record the attempt and schedule the
 * retry or give up. Safe to call twice for the same message: the claim lets one through.
 */
export async function attemptDelivery(db: Db, config: Pick<AppConfig, "SECRETS_ENCRYPTION_KEY" | "APP_ENV">, msg: DeliveryMessage): Promise<AttemptOutcome> {
  const claimed = await withBrand(db, msg.brand_id, async (tx) => {
    const [delivery] = await tx
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: sql`now() + make_interval(secs => ${LEASE_SECONDS})`, updatedAt: new Date() })
      .where(and(eq(webhookDeliveries.id, msg.delivery_id), eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
      .returning();
    if (!delivery) return null;
    const [endpoint] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId));
    const [event] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, delivery.eventId));
    if (endpoint?.status !== "enabled") {
      await tx.update(webhookDeliveries).set({ status: "failed", lastError: "endpoint disabled", updatedAt: new Date() }).where(eq(webhookDeliveries.id, delivery.id));
      return "disabled" as const;
    }
    // Checked again at delivery: the rules may have tightened since the URL was saved, and a
    // refused target is never contacted (so no response of it is ever recorded or shown).
    const refused = endpointUrlProblem(endpoint.url, config.APP_ENV);
    if (refused) {
      const lastError = `endpoint URL refused: ${refused}; change the endpoint's URL`;
      await tx.update(webhookDeliveries).set({ status: "failed", lastError, lastStatusCode: null, updatedAt: new Date() }).where(eq(webhookDeliveries.id, delivery.id));
      return { kind: "refused" as const, reason: lastError };
    }
    return { kind: "claimed" as const, delivery, endpoint, event: event! };
  });
  if (claimed === null) return { kind: "skipped", reason: "not pending or not due" };
  if (claimed === "disabled") return { kind: "failed", reason: "endpoint disabled" };
  if (claimed.kind === "refused") return { kind: "failed", reason: claimed.reason };
  const { delivery, endpoint, event } = claimed;

  const sealed = [endpoint.secretSealed];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()) sealed.push(endpoint.previousSecretSealed);
  const keys = await Promise.all(sealed.map(async (s) => secretKey(await openSecret(config.SECRETS_ENCRYPTION_KEY, s, secretContext(endpoint.id)))));
  const body = eventBody(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const result = await post(
    endpoint.url,
    {
      "content-type": "application/json",
      "user-agent": "Rekomi-Webhooks/1.0",
      "webhook-id": event.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signatureHeader(keys, { id: event.id, timestamp, body }),
    },
    body,
  );

  return withBrand(db, msg.brand_id, async (tx): Promise<AttemptOutcome> => {
    const now = new Date();
    await tx.insert(webhookAttempts).values({
      id: newId("webhookAttempt"),
      brandId: msg.brand_id,
      deliveryId: delivery.id,
      attemptedAt: now,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
      responseExcerpt: result.excerpt,
    });
    const common = { lastStatusCode: result.statusCode, lastError: result.error ?? (result.ok ? null : `HTTP ${result.statusCode}`), updatedAt: now };
    if (result.ok) {
      await tx.update(webhookDeliveries).set({ ...common, status: "succeeded", deliveredAt: now }).where(eq(webhookDeliveries.id, delivery.id));
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
      return { kind: "succeeded", statusCode: result.statusCode! };
    }
    const failingSince = endpoint.failingSince ?? now;
    if (now.getTime() - failingSince.getTime() >= AUTO_DISABLE_AFTER_MS) {
      await tx
        .update(webhookEndpoints)
        .set({ status: "disabled", disabledReason: `Every delivery failed since ${failingSince.toISOString()}.`, updatedAt: now })
        .where(eq(webhookEndpoints.id, endpoint.id));
    } else if (!endpoint.failingSince) {
      await tx.update(webhookEndpoints).set({ failingSince: now }).where(eq(webhookEndpoints.id, endpoint.id));
    }
    if (delivery.attempts >= MAX_ATTEMPTS) {
      await tx.update(webhookDeliveries).set({ ...common, status: "failed" }).where(eq(webhookDeliveries.id, delivery.id));
      return { kind: "failed", reason: `gave up after ${delivery.attempts} attempts` };
    }
    const delaySeconds = RETRY_DELAYS_S[delivery.attempts - 1]!;
    await tx
      .update(webhookDeliveries)
      .set({ ...common, nextAttemptAt: new Date(now.getTime() + delaySeconds * 1000) })
      .where(eq(webhookDeliveries.id, delivery.id));
    return { kind: "retry", delaySeconds };
  });
}
