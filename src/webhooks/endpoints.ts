import type { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { AppConfig } from "../infra/app/config";
import type { Tx } from "../infra/db/client";
import { webhookDeliveries, webhookEndpoints } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { generateSecret } from "../infra/http/standard-webhooks";
import { newId } from "../infra/ids";
import { sealSecret } from "../infra/secrets/box";
import { ROTATION_GRACE_MS } from "./catalog";
import { secretContext } from "./deliver";
import { emitTestEvent } from "./emit";
import { findDelivery, findEndpoint } from "./queries";
import type { CreateWebhookEndpoint, UpdateWebhookEndpoint } from "./schemas";
import { endpointUrlProblem } from "./url";

/**
 * Webhook endpoint writes of the operations (./operations.ts). Callers run them under the
 * brand's principal and enqueue returned deliveries after commit. Errors name the path
 * parameter the id came from (`endpointId`, `deliveryId`).
 */

/** Where the app runs: only `development` and `test` accept local targets (see endpointUrlProblem). */
type AppEnvName = AppConfig["APP_ENV"];

function checkUrl(url: string, appEnv: AppEnvName): void {
  const problem = endpointUrlProblem(url, appEnv);
  if (problem) throw new DomainError("invalid_request", `Invalid \`url\`: ${problem}.`, { param: "url" });
}

/** A new endpoint with a fresh signing secret, returned beside the row to be shown once. */
export async function createEndpoint(tx: Tx, encryptionKey: string, appEnv: AppEnvName, brandId: string, input: z.infer<typeof CreateWebhookEndpoint>) {
  checkUrl(input.url, appEnv);
  const id = newId("webhookEndpoint");
  const secret = generateSecret();
  const sealed = await sealSecret(encryptionKey, secret, secretContext(id));
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({ id, brandId, url: input.url, description: input.description ?? null, enabledEvents: input.enabled_events, secretSealed: sealed })
    .returning();
  return { row: row!, secret };
}

export async function changeEndpoint(tx: Tx, id: string, input: z.infer<typeof UpdateWebhookEndpoint>, appEnv: AppEnvName) {
  if (input.url !== undefined) checkUrl(input.url, appEnv);
  const [row] = await tx
    .update(webhookEndpoints)
    .set({
      ...(input.url !== undefined && { url: input.url }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.enabled_events !== undefined && { enabledEvents: input.enabled_events }),
      // Re-enabling forgets the failure streak that disabled it.
      ...(input.status === "enabled" && { status: "enabled" as const, disabledReason: null, failingSince: null }),
      ...(input.status === "disabled" && { status: "disabled" as const, disabledReason: "Disabled by the brand." }),
      updatedAt: new Date(),
    })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw new DomainError("not_found", `No webhook endpoint ${id}.`, { param: "endpointId" });
  return row;
}

/** A new signing secret; for ROTATION_GRACE_MS deliveries are signed with both. */
export async function rotateEndpointSecret(tx: Tx, encryptionKey: string, id: string) {
  const secret = generateSecret();
  const sealed = await sealSecret(encryptionKey, secret, secretContext(id));
  const current = await findEndpoint(tx, id);
  if (!current) throw new DomainError("not_found", `No webhook endpoint ${id}.`, { param: "endpointId" });
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ secretSealed: sealed, previousSecretSealed: current.secretSealed, previousSecretExpiresAt: new Date(Date.now() + ROTATION_GRACE_MS), updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  return { row: row!, secret };
}

/** Deletes an endpoint; its deliveries and their attempts go with it (ON DELETE CASCADE). */
export async function deleteEndpoint(tx: Tx, id: string): Promise<void> {
  const deleted = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw new DomainError("not_found", `No webhook endpoint ${id}.`, { param: "endpointId" });
}

/** Queues a `ping` to one endpoint; returns the delivery to enqueue after commit. */
export async function sendTestEvent(tx: Tx, brandId: string, endpointId: string) {
  const endpoint = await findEndpoint(tx, endpointId);
  if (!endpoint) throw new DomainError("not_found", `No webhook endpoint ${endpointId}.`, { param: "endpointId" });
  return (await findDelivery(tx, await emitTestEvent(tx, brandId, endpoint.id)))!;
}

/** Starts a fresh retry schedule for a finished delivery (the event keeps its id). */
export async function redeliver(tx: Tx, id: string) {
  const current = await findDelivery(tx, id);
  if (!current) throw new DomainError("not_found", `No webhook delivery ${id}.`, { param: "deliveryId" });
  if (current.delivery.status === "pending") throw new DomainError("conflict", `Delivery ${id} is already pending.`, { param: "deliveryId" });
  await tx.update(webhookDeliveries).set({ status: "pending", attempts: 0, nextAttemptAt: new Date(), updatedAt: new Date() }).where(eq(webhookDeliveries.id, id));
  return (await findDelivery(tx, id))!;
}
