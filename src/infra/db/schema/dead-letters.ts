import { sql } from "drizzle-orm";
import { check, index, integer, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { appRole, brandRows, lookupReads, lookupRole, platformAdminReads, platformAdminUpdates } from "./rls";

export const DEAD_LETTER_QUEUES = ["rekomi-events", "rekomi-clicks", "rekomi-webhooks", "rekomi-payouts"] as const;
export type DeadLetterQueue = (typeof DEAD_LETTER_QUEUES)[number];

/**
 * What a queue consumer accepted but could not store: the message body to send again
 * (`raw`, JSON text, so even text Postgres cannot hold as jsonb survives, escaped), why it
 * failed, and how often. Nothing is acked unless it is stored or written here. Replay
 * re-sends `raw` to `queue`; consumers are idempotent (unique event and click keys), so
 * replaying twice is replaying once. `dedupe_key` (the event id for events) makes a second
 * failure of the same thing update its row instead of adding one. A row without a brand
 * (a message nobody could read) is for staff only.
 */
export const deadLetters = pgTable(
  "dead_letters",
  {
    id: text().primaryKey(),
    brandId: text().references(() => brands.id, { onDelete: "cascade" }),
    queue: text().$type<DeadLetterQueue>().notNull(),
    dedupeKey: text().notNull(),
    /** The tracking event id (`tev_…`) when the message is one S2S event. */
    eventId: text(),
    raw: text().notNull(),
    error: text().notNull(),
    attempts: integer().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    replayCount: integer().notNull().default(0),
    lastReplayedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("dead_letters_dedupe").on(t.queue, t.dedupeKey),
    index("dead_letters_brand").on(t.brandId, t.id),
    check("dead_letters_queue", sql`${t.queue} in ('rekomi-events', 'rekomi-clicks', 'rekomi-webhooks', 'rekomi-payouts')`),
    brandRows(t.brandId),
    platformAdminReads(),
    platformAdminUpdates(),
    // Only the jobs write brandless rows, as a staff principal (a message without a readable brand).
    pgPolicy("platform_admin_appends", { for: "insert", to: appRole, withCheck: sql`app_platform_admin() and ${t.brandId} is null` }),
    // status_signals() counts recent dead letters per queue for the status page (no rows leave it).
    lookupReads(),
  ],
).enableRLS();

/**
 * The first body seen for each S2S `webhook-id` (brand, source, delivery id → SHA-256 of
 * type and body), so the edge can answer a reused id with a different body 409 before
 * queueing. Written only by the SECURITY DEFINER function `claim_event_delivery`; the
 * brand may read its own.
 */
export const eventDeliveryClaims = pgTable(
  "event_delivery_claims",
  {
    brandId: text()
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    source: text().notNull(),
    deliveryId: text().notNull(),
    bodySha256: text().notNull(),
    claimedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.source, t.deliveryId] }),
    pgPolicy("brand_reads", { for: "select", to: appRole, using: sql`${t.brandId} = app_brand_id()` }),
    pgPolicy("lookup_claims", { for: "all", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();
