import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { brandRows, lookupReads } from "./rls";

/** A brand's HTTPS endpoint that receives signed events. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    url: text().notNull(),
    description: text(),
    /** Event types delivered here; `*` means all. */
    enabledEvents: text().array().notNull().default(sql`'{*}'::text[]`),
    status: text().$type<"enabled" | "disabled">().notNull().default("enabled"),
    disabledReason: text(),
    /** Signing secret sealed with SECRETS_ENCRYPTION_KEY (src/infra/secrets/box.ts). */
    secretSealed: text().notNull(),
    /** After a rotation the old secret signs too, until it expires. */
    previousSecretSealed: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    /** Start of the current unbroken run of failures; null after any success. */
    failingSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("webhook_endpoints_id_brand").on(t.id, t.brandId),
    index("webhook_endpoints_brand").on(t.brandId, t.id),
    check("webhook_endpoints_status", sql`${t.status} in ('enabled', 'disabled')`),
    brandRows(t.brandId),
  ],
).enableRLS();

/** The outbox: one row per event a brand's systems may hear about, written with the change. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    type: text().notNull(),
    /** What the event is about (conversion, commission…): emitting twice for it is a no-op. */
    subjectId: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("webhook_events_id_brand").on(t.id, t.brandId),
    uniqueIndex("webhook_events_once").on(t.brandId, t.type, t.subjectId),
    brandRows(t.brandId),
  ],
).enableRLS();

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event to one endpoint, retried with backoff for about three days. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    brandId: text().notNull(),
    eventId: text().notNull(),
    endpointId: text().notNull(),
    status: text().$type<DeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "webhook_deliveries_event", columns: [t.eventId, t.brandId], foreignColumns: [webhookEvents.id, webhookEvents.brandId] }).onDelete("cascade"),
    foreignKey({ name: "webhook_deliveries_endpoint", columns: [t.endpointId, t.brandId], foreignColumns: [webhookEndpoints.id, webhookEndpoints.brandId] }).onDelete("cascade"),
    unique("webhook_deliveries_id_brand").on(t.id, t.brandId),
    unique("webhook_deliveries_once").on(t.eventId, t.endpointId),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    // The sweeper's scan: pending deliveries that are due.
    index("webhook_deliveries_due").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check("webhook_deliveries_status", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    brandRows(t.brandId),
    // due_webhook_deliveries() lets the cron sweeper find work across brands.
    lookupReads(),
  ],
).enableRLS();

/** The delivery log: every HTTP attempt and what the endpoint answered. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: text().primaryKey(),
    brandId: text().notNull(),
    deliveryId: text().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    statusCode: integer(),
    durationMs: integer().notNull(),
    error: text(),
    responseExcerpt: text(),
  },
  (t) => [
    foreignKey({ name: "webhook_attempts_delivery", columns: [t.deliveryId, t.brandId], foreignColumns: [webhookDeliveries.id, webhookDeliveries.brandId] }).onDelete("cascade"),
    index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attemptedAt),
    brandRows(t.brandId),
  ],
).enableRLS();
