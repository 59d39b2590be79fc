import { sql } from "drizzle-orm";
import { boolean, check, pgPolicy, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { appRole, lookupReads, lookupRole, platformAdminReads, platformAdminUpdates, readable } from "./rls";

/** A person who signs in: brand team member, creator, or both. */
export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    email: text().notNull(),
    name: text(),
    /** Self-describing hash (`pbkdf2-sha256$iterations$salt$hash`), upgradeable per row. */
    passwordHash: text(),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    isPlatformAdmin: boolean().notNull().default(false),
    suspendedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email").on(sql`lower(${t.email})`),
    check("users_email_shape", sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$'`),
    pgPolicy("user_self", { for: "all", to: appRole, using: sql`${t.id} = app_user_id()`, withCheck: sql`${t.id} = app_user_id()` }),
    // A brand sees the people on its team.
    readable("brand_reads_team", sql`exists (select 1 from brand_members m where m.user_id = ${t.id} and m.brand_id = app_brand_id())`),
    // Staff list accounts and suspend them; a trigger (migration 0007) keeps everyone but
    // the owner role away from is_platform_admin, and suspended_at needs the staff flag.
    platformAdminReads(),
    platformAdminUpdates(),
    lookupReads(),
    // set_platform_admin() (operators only; its column grant allows nothing else).
    pgPolicy("lookup_grants_staff", { for: "update", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();
