import { and, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../infra/db/schema";
import { newId, newIds } from "../infra/ids";
import type { EventType } from "./catalog";

/**
 * Records an event in the outbox, in the caller's transaction, with one pending delivery
 * per enabled endpoint that subscribes to it. Emitting the same (type, subject) twice is a
 * no-op. Returns the new delivery ids so the caller can enqueue them after commit; if
 * that enqueue is lost, the cron sweeper still finds them (the database is the truth).
 */
export function emitEvent(tx: Tx, brandId: string, type: EventType, subjectId: string, data: Record<string, unknown>): Promise<string[]> {
  return emitEvents(tx, brandId, [{ type, subjectId, data }]);
}

/** emitEvent for many events of one brand, in three statements at most whatever their number (the events consumer's batches). */
export async function emitEvents(tx: Tx, brandId: string, events: { type: EventType; subjectId: string; data: Record<string, unknown> }[]): Promise<string[]> {
  if (events.length === 0) return [];
  const fresh = await tx
    .insert(webhookEvents)
    .values(newIds("webhookEvent", events.length).map((id, i) => ({ id, brandId, type: events[i]!.type, subjectId: events[i]!.subjectId, data: events[i]!.data })))
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id, type: webhookEvents.type });
  if (fresh.length === 0) return [];
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, enabledEvents: webhookEndpoints.enabledEvents })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.brandId, brandId), eq(webhookEndpoints.status, "enabled")));
  const targets = fresh.flatMap((event) => endpoints.filter((e) => e.enabledEvents.includes("*") || e.enabledEvents.includes(event.type)).map((e) => ({ eventId: event.id, endpointId: e.id })));
  const rows = newIds("webhookDelivery", targets.length).map((id, i) => ({ id, brandId, ...targets[i]! }));
  if (rows.length === 0) return [];
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
