import { sql } from "drizzle-orm";
import { index, jsonb, pgPolicy, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { appRole, lookupRole, platformAdminReads } from "./rls";

export const AUDIT_ACTOR_TYPES = ["user", "api_key", "platform_admin", "system"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/**
 * Append-only record of security-relevant actions. The app role may insert and read, never
 * update or delete (revoked in migration 0007). No foreign keys: a record outlives the
 * users, keys and brands it names. A row belongs to a brand (`brand_id`) or, for account
 * events such as sign-ins, to a user (`subject_user_id`), who alone reads them (brands do
 * not see their members' personal account events).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: text().primaryKey(),
    brandId: text(),
    subjectUserId: text(),
    actorType: text().$type<AuditActorType>().notNull(),
    actorId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    userAgent: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_events_brand").on(t.brandId, t.id),
    index("audit_events_subject").on(t.subjectUserId, t.id),
    // A brand reads its own events only: members' personal account events (sign-ins, password
    // changes) belong to the person (user_reads_own), never to the brands they work for.
    pgPolicy("brand_reads", { for: "select", to: appRole, using: sql`${t.brandId} = app_brand_id()` }),
    pgPolicy("brand_appends", { for: "insert", to: appRole, withCheck: sql`${t.brandId} = app_brand_id()` }),
    pgPolicy("user_reads_own", { for: "select", to: appRole, using: sql`${t.brandId} is null and ${t.subjectUserId} = app_user_id()` }),
    pgPolicy("user_appends_own", { for: "insert", to: appRole, withCheck: sql`${t.brandId} is null and ${t.subjectUserId} = app_user_id()` }),
    platformAdminReads(),
    pgPolicy("platform_admin_appends", { for: "insert", to: appRole, withCheck: sql`app_platform_admin()` }),
    // record_tax_form_file_purged() (the retention cron) writes this one system event.
    pgPolicy("lookup_appends_file_purge", { for: "insert", to: lookupRole, withCheck: sql`${t.action} = 'tax_form.file_purged' and ${t.actorType} = 'system'` }),
  ],
).enableRLS();
