import { sql } from "drizzle-orm";
import { index, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { users } from "./users";
import { brandRows, lookupReads, lookupRole } from "./rls";

/** A brand's REST API key. Only its SHA-256 is stored; the key is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** First characters of the key, safe to display so people can tell keys apart. */
    prefix: text().notNull(),
    keyHash: text().notNull(),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("api_keys_hash").on(t.keyHash),
    index("api_keys_brand").on(t.brandId, t.id),
    brandRows(t.brandId),
    lookupReads(),
    // authenticate_api_key() stamps last_used_at (its column grant allows nothing else).
    pgPolicy("lookup_touches", { for: "update", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();

/** Stored responses for `Idempotency-Key` on POST, per brand. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    key: text().notNull(),
    /** `METHOD path` plus a hash of the body: the same key with another request is refused. */
    requestFingerprint: text().notNull(),
    responseBody: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pk", columns: [t.brandId, t.key] }),
    index("idempotency_keys_created").on(t.createdAt),
    brandRows(t.brandId),
    // purge_expired_idempotency_keys() (the cron) sees and deletes only rows past the 24 h replay window.
    pgPolicy("lookup_reads_expired", { for: "select", to: lookupRole, using: sql`${t.createdAt} < now() - interval '24 hours'` }),
    pgPolicy("lookup_purges_expired", { for: "delete", to: lookupRole, using: sql`${t.createdAt} < now() - interval '24 hours'` }),
  ],
).enableRLS();

