import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { brandRows, lookupReads } from "./rls";
import { users } from "./users";

export const INVITABLE_ROLES = ["admin", "member", "viewer"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/**
 * A brand's invitation to a teammate. The emailed token is stored as SHA-256; accepting
 * needs a signed-in user whose verified email is `email`. Ownership is never invited:
 * it is transferred.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: text().$type<InvitableRole>().notNull(),
    tokenHash: text().notNull(),
    invitedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invitations_token").on(t.tokenHash),
    index("invitations_brand").on(t.brandId, t.id),
    check("invitations_role", sql`${t.role} in ('admin', 'member', 'viewer')`),
    brandRows(t.brandId),
    // find_invitation() shows the invitee which brand invited them before they join.
    lookupReads(),
  ],
).enableRLS();
