import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { brandRows } from "./rls";

export const TRACKING_EVENT_TYPES = ["lead", "sale", "refund"] as const;
export type TrackingEventType = (typeof TRACKING_EVENT_TYPES)[number];
export const TRACKING_EVENT_SOURCES = ["s2s"] as const;

/**
 * Every accepted tracking event, as received, whatever its source (S2S now; gateway
 * webhooks later). Append-only. `(brand_id, source, delivery_id)` is unique: a redelivered
 * event (same `webhook-id`) is a normal, silent no-op, whatever the timing.
 */
export const trackingEvents = pgTable(
  "tracking_events",
  {
    /** Derived from (brand, source, delivery id), so the edge answers a duplicate with the same id. */
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    source: text().$type<(typeof TRACKING_EVENT_SOURCES)[number]>().notNull(),
    /** The sender's idempotency key: `webhook-id` for S2S. */
    deliveryId: text().notNull(),
    /** The S2S key that signed it. */
    keyId: text(),
    type: text().$type<TrackingEventType>().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("tracking_events_delivery").on(t.brandId, t.source, t.deliveryId),
    index("tracking_events_brand").on(t.brandId, t.id),
    check("tracking_events_type", sql`${t.type} in ('lead', 'sale', 'refund')`),
    check("tracking_events_source", sql`${t.source} in ('s2s')`),
    brandRows(t.brandId),
  ],
).enableRLS();
