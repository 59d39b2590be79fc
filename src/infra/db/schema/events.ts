import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { gatewayConnections } from "./gateways";
import { brandRows } from "./rls";

/** What the S2S API accepts (`POST /v1/track/{type}`). */
export const S2S_EVENT_TYPES = ["lead", "sale", "refund", "dispute", "cancellation"] as const;
/** Every recorded event type: the S2S ones, plus what gateways also report (and notifications kept only for the connection's health). */
export const TRACKING_EVENT_TYPES = [...S2S_EVENT_TYPES, "trial_started", "ignored"] as const;
export type TrackingEventType = (typeof TRACKING_EVENT_TYPES)[number];
export const TRACKING_EVENT_SOURCES = ["s2s", "stripe", "paddle", "braintree"] as const;
export type TrackingEventSource = (typeof TRACKING_EVENT_SOURCES)[number];

/**
 * Every accepted tracking event, as received, whatever its source (S2S or a gateway
 * webhook, normalized: src/gateways/types.ts). Append-only. `(brand_id, source, delivery_id)` is unique: a redelivered
 * event (same `webhook-id`) is a normal, silent no-op, whatever the timing.
 */
export const trackingEvents = pgTable(
  "tracking_events",
  {
    /** Derived from (brand, source, delivery id), so the edge answers a duplicate with the same id. */
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    source: text().$type<TrackingEventSource>().notNull(),
    /** The sender's idempotency key: `webhook-id` for S2S, the gateway's event id (derived for Braintree) for gateways. */
    deliveryId: text().notNull(),
    /** The S2S key that signed it. */
    keyId: text(),
    /** The gateway connection it came through (gateway sources only). */
    connectionId: text().references(() => gatewayConnections.id, { onDelete: "set null" }),
    /** False for a gateway's test mode: kept apart from live data everywhere. S2S events are live. */
    livemode: boolean().notNull().default(true),
    type: text().$type<TrackingEventType>().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("tracking_events_delivery").on(t.brandId, t.source, t.deliveryId),
    index("tracking_events_brand").on(t.brandId, t.id),
    index("tracking_events_connection").on(t.connectionId, t.receivedAt),
    check("tracking_events_type", sql`${t.type} in ('lead', 'sale', 'refund', 'dispute', 'cancellation', 'trial_started', 'ignored')`),
    check("tracking_events_source", sql`${t.source} in ('s2s', 'stripe', 'paddle', 'braintree')`),
    brandRows(t.brandId),
  ],
).enableRLS();
