import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgPolicy, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { helpConversations } from "./help";
import { appRole, lookupReads, lookupRole } from "./rls";
import { statusSubscribers } from "./status";
import { users } from "./users";

export const EMAIL_TRANSPORTS = ["mailbox", "resend"] as const;
export type EmailTransport = (typeof EMAIL_TRANSPORTS)[number];
export const EMAIL_STATUSES = ["pending", "sending", "sent", "failed"] as const;

/**
 * Every email Rekomi sends, written in the same transaction as what caused it (so a
 * rolled-back sign-up sends nothing) and delivered after commit. `transport` is fixed
 * when the row is written: `mailbox` rows (development and test only) are the dev
 * mailbox's inbox and count as delivered at once; the dev mailbox reads nothing else.
 * After a real delivery the bodies are dropped, so emailed tokens do not linger here.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: text().primaryKey(),
    /** Whose mail it is (account mail), or… */
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    /** …which brand sent it (invitations). */
    brandId: text().references(() => brands.id, { onDelete: "cascade" }),
    /** …or which help conversation a staff reply belongs to (a signed-out visitor has no user). */
    helpConversationId: text().references(() => helpConversations.id, { onDelete: "cascade" }),
    /** …or which status page subscriber it notifies (incident news, src/status). */
    statusSubscriberId: text().references(() => statusSubscribers.id, { onDelete: "cascade" }),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text(),
    htmlBody: text(),
    transport: text().$type<EmailTransport>().notNull(),
    status: text().$type<(typeof EMAIL_STATUSES)[number]>().notNull(),
    attempts: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    providerMessageId: text(),
    /** Fan-out mail (incident news to every subscriber): the cron sends it after all other pending mail. */
    bulk: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("email_outbox_pending").on(t.status, t.createdAt),
    index("email_outbox_user").on(t.userId),
    index("email_outbox_brand").on(t.brandId),
    check("email_outbox_owner", sql`${t.userId} is not null or ${t.brandId} is not null or ${t.helpConversationId} is not null or ${t.statusSubscriberId} is not null`),
    check("email_outbox_transport", sql`${t.transport} in ('mailbox', 'resend')`),
    check("email_outbox_status", sql`${t.status} in ('pending', 'sending', 'sent', 'failed')`),
    pgPolicy("user_mail", {
      for: "all",
      to: appRole,
      using: sql`${t.brandId} is null and ${t.userId} = app_user_id()`,
      withCheck: sql`${t.brandId} is null and ${t.userId} = app_user_id()`,
    }),
    pgPolicy("brand_mail", { for: "all", to: appRole, using: sql`${t.brandId} = app_brand_id()`, withCheck: sql`${t.brandId} = app_brand_id()` }),
    // Staff replying in the help inbox mail the conversation's own address (the user's
    // account email, or the visitor's), never one they type.
    pgPolicy("platform_admin_help_mail", {
      for: "insert",
      to: appRole,
      withCheck: sql`app_platform_admin() and ${t.brandId} is null and exists (select 1 from help_conversations c where c.id = ${t.helpConversationId}
        and c.user_id is not distinct from ${t.userId}
        and lower(${t.toAddress}) = lower(coalesce(c.visitor_email, (select u.email from users u where u.id = c.user_id))))`,
    }),
    // Staff post incidents; their notifications go to the status page's subscribers.
    pgPolicy("status_subscriber_mail", {
      for: "insert",
      to: appRole,
      withCheck: sql`${t.statusSubscriberId} is not null and ${t.userId} is null and ${t.brandId} is null and app_platform_admin()`,
    }),
    // help_mail_staff(): the cron tells Rekomi staff, at their own address, that help
    // conversations wait for them.
    pgPolicy("lookup_mails_staff", {
      for: "insert",
      to: lookupRole,
      withCheck: sql`${t.brandId} is null and ${t.helpConversationId} is null and ${t.statusSubscriberId} is null
        and exists (select 1 from users u where u.id = ${t.userId} and u.is_platform_admin and lower(u.email) = lower(${t.toAddress}))`,
    }),
    // Delivery (claim, settle) and the dev mailbox go through SECURITY DEFINER functions.
    lookupReads(),
    pgPolicy("lookup_delivers", { for: "update", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();
