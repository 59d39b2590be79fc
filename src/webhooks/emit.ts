import { and, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../infra/db/schema";
import { newId } from "../infra/ids";
import type { EventType } from "./catalog";

/**
 * Records an event in the outbox, in the caller's transaction, with one pending delivery
 * per enabled endpoint that subscribes to it. Emitting the same (type, subject) twice is a
 * no-op. Returns the new delivery ids so the caller can enqueue them after commit; if
 * that enqueue is lost, the cron sweeper still finds them (the database is the truth).
 */
export async function emitEvent(tx: Tx, brandId: string, type: EventType, subjectId: string, data: Record<string, unknown>): Promise<string[]> {
  const [event] = await tx
    .insert(webhookEvents)
    .values({ id: newId("webhookEvent"), brandId, type, subjectId, data })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  if (!event) return [];
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, enabledEvents: webhookEndpoints.enabledEvents })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.brandId, brandId), eq(webhookEndpoints.status, "enabled")));
  const targets = endpoints.filter((e) => e.enabledEvents.includes("*") || e.enabledEvents.includes(type));
  if (targets.length === 0) return [];
  const rows = targets.map((e) => ({ id: newId("webhookDelivery"), brandId, eventId: event.id, endpointId: e.id }));
  await tx.insert(webhookDeliveries).values(rows);
  return rows.map((r) => r.id);
}

/** A `ping` to one endpoint, so a brand can check its receiver. */
export async function emitTestEvent(tx: Tx, brandId: string, endpointId: string): Promise<string> {
  const eventId = newId("webhookEvent");
  await tx.insert(webhookEvents).values({ id: eventId, brandId, type: "ping", subjectId: eventId, data: { message: "Test event from Rekomi." } });
  const deliveryId = newId("webhookDelivery");
  await tx.insert(webhookDeliveries).values({ id: deliveryId, brandId, eventId, endpointId });
  return deliveryId;
}
