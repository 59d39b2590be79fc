import { sql } from "drizzle-orm";
import { check, date, index, integer, pgPolicy, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { appRole, lookupReads, lookupRole } from "./rls";

/** What the public status page reports on (src/status/components.ts says what each is computed from). */
export const STATUS_COMPONENTS = ["tracking_links", "s2s_ingest", "rest_api", "dashboard", "outbound_webhooks", "payouts"] as const;
export type StatusComponent = (typeof STATUS_COMPONENTS)[number];
export const COMPONENT_STATES = ["operational", "degraded", "down"] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_IMPACTS = ["degraded", "down"] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));
const staff = sql`app_platform_admin()`;

/**
 * One row per component per cron probe (every minute): the state the signals gave and, for
 * staff only, a short reason. No tenant data: signals are platform-wide counts. Kept two days
 * (src/status/retention.ts); the daily aggregate below is what the 90-day uptime reads.
 * Written by the cron as the jobs' staff principal; the public reads only states through
 * SECURITY DEFINER functions (migration …_status_rls).
 */
export const statusProbes = pgTable(
  "status_probes",
  {
    id: text().primaryKey(),
    component: text().$type<StatusComponent>().notNull(),
    state: text().$type<ComponentState>().notNull(),
    detail: text(),
    checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("status_probes_component").on(t.component, t.checkedAt),
    check("status_probes_component", sql`${t.component} in (${inList(STATUS_COMPONENTS)})`),
    check("status_probes_state", sql`${t.state} in (${inList(COMPONENT_STATES)})`),
    pgPolicy("platform_admin_all", { for: "all", to: appRole, using: staff, withCheck: staff }),
    lookupReads(),
  ],
).enableRLS();

/** Per component and UTC day: how many probes ran and how many found it operational / degraded. */
export const statusDaily = pgTable(
  "status_daily",
  {
    component: text().$type<StatusComponent>().notNull(),
    day: date({ mode: "string" }).notNull(),
    probes: integer().notNull().default(0),
    operational: integer().notNull().default(0),
    degraded: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.component, t.day] }),
    check("status_daily_counts", sql`${t.operational} + ${t.degraded} <= ${t.probes}`),
    pgPolicy("platform_admin_all", { for: "all", to: appRole, using: staff, withCheck: staff }),
    lookupReads(),
  ],
).enableRLS();

/**
 * Server errors (5xx) the app worker answered, per component and minute: the error-rate
 * signal of the probe (src/status/server-errors.ts). Counted through the SECURITY DEFINER
 * function status_count_server_errors(), so no request needs a principal to count; kept two days.
 */
export const statusServerErrors = pgTable(
  "status_server_errors",
  {
    component: text().$type<StatusComponent>().notNull(),
    minute: timestamp({ withTimezone: true }).notNull(),
    errors: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.component, t.minute] }),
    check("status_server_errors_component", sql`${t.component} in (${inList(STATUS_COMPONENTS)})`),
    pgPolicy("platform_admin_all", { for: "all", to: appRole, using: staff, withCheck: staff }),
    pgPolicy("lookup_all", { for: "all", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();

/** An incident staff post on the status page; public once posted (title, impact, components, updates). */
export const statusIncidents = pgTable(
  "status_incidents",
  {
    id: text().primaryKey(),
    title: text().notNull(),
    impact: text().$type<IncidentImpact>().notNull(),
    status: text().$type<IncidentStatus>().notNull(),
    components: text().array().$type<StatusComponent[]>().notNull(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("status_incidents_created").on(t.createdAt),
    check("status_incidents_status", sql`${t.status} in (${inList(INCIDENT_STATUSES)})`),
    check("status_incidents_impact", sql`${t.impact} in (${inList(INCIDENT_IMPACTS)})`),
    check("status_incidents_resolved", sql`(${t.status} = 'resolved') = (${t.resolvedAt} is not null)`),
    pgPolicy("platform_admin_all", { for: "all", to: appRole, using: staff, withCheck: staff }),
    lookupReads(),
  ],
).enableRLS();

/** Each post on an incident: the status it moved to and what staff wrote. */
export const statusIncidentUpdates = pgTable(
  "status_incident_updates",
  {
    id: text().primaryKey(),
    incidentId: text()
      .notNull()
      .references(() => statusIncidents.id, { onDelete: "cascade" }),
    status: text().$type<IncidentStatus>().notNull(),
    body: text().notNull(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("status_incident_updates_incident").on(t.incidentId, t.createdAt),
    check("status_incident_updates_status", sql`${t.status} in (${inList(INCIDENT_STATUSES)})`),
    pgPolicy("platform_admin_all", { for: "all", to: appRole, using: staff, withCheck: staff }),
    lookupReads(),
  ],
).enableRLS();

/**
 * Email subscribers of incident news. A visitor subscribes, confirms through the mailed link
 * within 48 h (only the SHA-256 of its token is kept; unconfirmed rows are purged after that)
 * and may leave through the link in every mail, which carries the random unsubscribe token
 * drawn at confirmation. That token is kept as is: incident news is queued with one
 * INSERT … SELECT that writes it into each mail, and it grants nothing but deleting this
 * row, whose address is stored beside it anyway. The public reaches this table only through
 * the SECURITY DEFINER functions status_subscribe / status_confirm_subscription /
 * status_unsubscribe; staff read it to send notifications.
 */
export const statusSubscribers = pgTable(
  "status_subscribers",
  {
    id: text().primaryKey(),
    email: text().notNull().unique("status_subscribers_email"),
    confirmTokenHash: text(),
    /** When the current confirmation link was mailed: it expires 48 h later. */
    confirmSentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp({ withTimezone: true }),
    unsubscribeToken: text().unique("status_subscribers_unsubscribe_token"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    pgPolicy("platform_admin_reads", { for: "select", to: appRole, using: staff }),
    pgPolicy("lookup_all", { for: "all", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();
