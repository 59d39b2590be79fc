import { sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { insertMany } from "../infra/db/insert-many";
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

/**
 * emitEvent for many events of one brand (the events consumer's batches), in two
 * statements at most whatever their number: the events with the (event, endpoint) pairs
 * they go to (an enabled endpoint subscribed to the type, or to `*`), then the deliveries.
 */
export async function emitEvents(tx: Tx, brandId: string, events: { type: EventType; subjectId: string; data: Record<string, unknown> }[]): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = newIds("webhookEvent", events.length);
  const payload = JSON.stringify(events.map((e, i) => ({ id: ids[i], brand_id: brandId, type: e.type, subject_id: e.subjectId, data: e.data })));
  const result = await tx.execute(sql`
    with fresh as (
      insert into ${webhookEvents} (id, brand_id, type, subject_id, data)
      select id, brand_id, type, subject_id, data from json_populate_recordset(null::${webhookEvents}, ${payload}::json)
      on conflict do nothing
      returning id, type
    )
    select f.id as event_id, e.id as endpoint_id
      from fresh f
      join ${webhookEndpoints} e on e.brand_id = ${brandId} and e.status = 'enabled' and ('*' = any(e.enabled_events) or f.type = any(e.enabled_events))
     order by f.id, e.id`);
  const targets = (result as unknown as { rows: { event_id: string; endpoint_id: string }[] }).rows;
  if (targets.length === 0) return [];
  const rows = newIds("webhookDelivery", targets.length).map((id, i) => ({ id, brandId, eventId: targets[i]!.event_id, endpointId: targets[i]!.endpoint_id }));
  await insertMany(tx, webhookDeliveries, rows, { returning: [] });
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
