import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { users } from "./users";
import { brandRows, lookupReads } from "./rls";

/**
 * A brand's S2S signing secret (Standard Webhooks, `whsec_…`). The secret must be usable
 * for HMAC, so it cannot be hashed: it is stored encrypted (AES-GCM under
 * SECRETS_ENCRYPTION_KEY, bound to the key id) and shown once. After a rotation the
 * previous secret keeps verifying until `previous_secret_expires_at`.
 */
export const s2sKeys = pgTable(
  "s2s_keys",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    name: text().notNull(),
    secretCiphertext: text().notNull(),
    /** Last characters of the secret, safe to display so people can tell secrets apart. */
    secretHint: text().notNull(),
    previousSecretCiphertext: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    rotatedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("s2s_keys_brand").on(t.brandId, t.id),
    check("s2s_keys_previous", sql`(${t.previousSecretCiphertext} is null) = (${t.previousSecretExpiresAt} is null)`),
    brandRows(t.brandId),
    lookupReads(),
  ],
).enableRLS();
