import { sql } from "drizzle-orm";
import { check, index, integer, pgPolicy, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { appRole, lookupRole, platformAdminReads, platformAdminUpdates } from "./rls";
import { users } from "./users";

/**
 * A signed-in browser. The session cookie (a jose-signed JWT) names a row here, and every
 * request checks it, so signing out, changing the password or a suspension ends the
 * session on the server, not only in the browser.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text().notNull().references(() => users.id, { onDelete: "cascade" }),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("sessions_user").on(t.userId),
    pgPolicy("user_self", { for: "all", to: appRole, using: sql`${t.userId} = app_user_id()`, withCheck: sql`${t.userId} = app_user_id()` }),
    // A suspension revokes the account's sessions.
    platformAdminReads(),
    platformAdminUpdates(),
  ],
).enableRLS();

export const AUTH_TOKEN_PURPOSES = ["verify_email", "change_email", "reset_password"] as const;
export type AuthTokenPurpose = (typeof AUTH_TOKEN_PURPOSES)[number];

/**
 * Emailed one-time tokens. Only the SHA-256 is stored; consume_auth_token() (migration
 * 0007) spends one atomically before anyone is signed in. `email` is the address the
 * token proves: the account's address, or the new one for `change_email`.
 */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: text().primaryKey(),
    userId: text().notNull().references(() => users.id, { onDelete: "cascade" }),
    purpose: text().$type<AuthTokenPurpose>().notNull(),
    tokenHash: text().notNull(),
    email: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("auth_tokens_hash").on(t.tokenHash),
    index("auth_tokens_user").on(t.userId, t.purpose),
    check("auth_tokens_purpose", sql`${t.purpose} in ('verify_email', 'change_email', 'reset_password')`),
    // The app mints tokens for the signed-in (or just identified) user; it never updates
    // or deletes them (revoked in migration 0007): spending is consume_auth_token()'s job.
    pgPolicy("user_reads_own", { for: "select", to: appRole, using: sql`${t.userId} = app_user_id()` }),
    pgPolicy("user_mints_own", { for: "insert", to: appRole, withCheck: sql`${t.userId} = app_user_id()` }),
    // consume_auth_token() spends, purge_expired_auth_rows() deletes (their grants limit them).
    pgPolicy("lookup_manages", { for: "all", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();

/**
 * Fixed-window counters for rate limits (sign-in, sign-up, reset…). Keys are SHA-256 of
 * `scope:subject`, so neither IPs nor emails are stored. Only the rate_limit_* SECURITY
 * DEFINER functions touch this table: the app role has no grants on it, and RLS says the
 * same with a policy that admits nothing.
 */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    key: text().primaryKey(),
    hits: integer().notNull(),
    windowStartedAt: timestamp({ withTimezone: true }).notNull(),
    windowSeconds: integer().notNull(),
  },
  (t) => [
    index("rate_limit_buckets_window").on(t.windowStartedAt),
    pgPolicy("app_none", { as: "restrictive", for: "all", to: appRole, using: sql`false`, withCheck: sql`false` }),
    pgPolicy("lookup_counts", { for: "all", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();
