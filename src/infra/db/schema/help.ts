import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgPolicy, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { appRole, lookupReads, lookupRole, platformAdminReads, platformAdminUpdates } from "./rls";
import { users } from "./users";

/** What a conversation is about; `security` is flagged and sorted first in the staff inbox. */
export const HELP_TOPICS = ["question", "bug", "billing", "security", "campaign_report"] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

/** open: waits for staff; waiting: staff answered, waits for the user; closed. */
export const HELP_STATUSES = ["open", "waiting", "closed"] as const;
export type HelpStatus = (typeof HELP_STATUSES)[number];

export const HELP_AUTHOR_KINDS = ["user", "visitor", "staff"] as const;
export type HelpAuthorKind = (typeof HELP_AUTHOR_KINDS)[number];

/** The signed-in user's own conversations (principal `app.user_id`, whatever its kind). */
const ownConversation = (conversationId: unknown) => sql`exists (select 1 from help_conversations c where c.id = ${conversationId} and c.user_id = app_user_id())`;

/**
 * A help conversation: a signed-in user's (`user_id`), or a signed-out visitor's, who gave
 * an email and gets staff replies by mail only (they never read a thread back, so a
 * stranger typing someone's address learns nothing). A campaign report keeps the campaign,
 * its brand and the campaign's name as the creator saw it. Migration 0039 adds a trigger
 * that keeps the identity columns fixed and the staff columns (assignment, last reply)
 * for staff.
 */
export const helpConversations = pgTable(
  "help_conversations",
  {
    id: text().primaryKey(),
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    visitorEmail: text(),
    topic: text().$type<HelpTopic>().notNull(),
    subject: text().notNull(),
    status: text().$type<HelpStatus>().notNull().default("open"),
    assignedToUserId: text().references(() => users.id, { onDelete: "set null" }),
    campaignId: text(),
    brandId: text().references(() => brands.id, { onDelete: "set null" }),
    campaignName: text(),
    lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastStaffReplyAt: timestamp({ withTimezone: true }),
    userReadAt: timestamp({ withTimezone: true }),
    /** When staff were last mailed that this conversation waits for them (src/help/staff-notice.ts). */
    staffNotifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("help_conversations_user").on(t.userId, t.lastMessageAt),
    index("help_conversations_inbox").on(t.status, t.lastMessageAt),
    check("help_conversations_owner", sql`(${t.userId} is null) <> (${t.visitorEmail} is null)`),
    check("help_conversations_visitor_email", sql`${t.visitorEmail} is null or ${t.visitorEmail} ~ '^[^@\\s]+@[^@\\s]+$'`),
    check("help_conversations_topic", sql`${t.topic} in ('question', 'bug', 'billing', 'security', 'campaign_report')`),
    check("help_conversations_status", sql`${t.status} in ('open', 'waiting', 'closed')`),
    check("help_conversations_subject", sql`char_length(${t.subject}) between 1 and 200`),
    check("help_conversations_report", sql`(${t.topic} = 'campaign_report') = (${t.campaignId} is not null) and (${t.campaignId} is null or ${t.userId} is not null)`),
    pgPolicy("user_reads_own", { for: "select", to: appRole, using: sql`${t.userId} = app_user_id()` }),
    // A user opens conversations in their own name; a report names a campaign the
    // principal can see (campaigns RLS: listed or enrolled) and that campaign's brand.
    pgPolicy("user_opens", {
      for: "insert",
      to: appRole,
      withCheck: sql`${t.userId} = app_user_id() and ${t.status} = 'open' and ${t.assignedToUserId} is null and ${t.lastStaffReplyAt} is null
        and (${t.campaignId} is null or exists (select 1 from campaigns k where k.id = ${t.campaignId} and k.brand_id = ${t.brandId}))`,
    }),
    pgPolicy("user_updates_own", { for: "update", to: appRole, using: sql`${t.userId} = app_user_id()`, withCheck: sql`${t.userId} = app_user_id()` }),
    platformAdminReads(),
    platformAdminUpdates(),
    // open_visitor_help_conversation(): the signed-out door, rate limited by the route.
    lookupReads(),
    pgPolicy("lookup_opens_visitor", {
      for: "insert",
      to: lookupRole,
      withCheck: sql`${t.userId} is null and ${t.visitorEmail} is not null and ${t.status} = 'open' and ${t.assignedToUserId} is null and ${t.campaignId} is null`,
    }),
    // help_claim_staff_notice(): the cron marks what it told staff about (column grant: staff_notified_at only).
    pgPolicy("lookup_notes_staff_notice", { for: "update", to: lookupRole, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();

/**
 * One message. `internal` notes are staff's, never shown to the user (RLS, not only the
 * API). A user's screenshot is its own message with no body and one attachment. Never
 * changed or deleted by the app (migration grants).
 */
export const helpMessages = pgTable(
  "help_messages",
  {
    id: text().primaryKey(),
    conversationId: text()
      .notNull()
      .references(() => helpConversations.id, { onDelete: "cascade" }),
    authorKind: text().$type<HelpAuthorKind>().notNull(),
    authorUserId: text().references(() => users.id, { onDelete: "set null" }),
    internal: boolean().notNull().default(false),
    body: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("help_messages_conversation").on(t.conversationId, t.id),
    check("help_messages_author", sql`${t.authorKind} in ('user', 'visitor', 'staff')`),
    check("help_messages_internal", sql`not ${t.internal} or ${t.authorKind} = 'staff'`),
    check("help_messages_body", sql`(${t.body} is null and ${t.authorKind} = 'user') or char_length(${t.body}) between 1 and 5000`),
    pgPolicy("user_reads_own", { for: "select", to: appRole, using: sql`not ${t.internal} and ${ownConversation(t.conversationId)}` }),
    pgPolicy("user_writes_own", {
      for: "insert",
      to: appRole,
      withCheck: sql`${t.authorKind} = 'user' and not ${t.internal} and ${t.authorUserId} = app_user_id() and ${ownConversation(t.conversationId)}`,
    }),
    platformAdminReads(),
    pgPolicy("platform_admin_writes", {
      for: "insert",
      to: appRole,
      withCheck: sql`app_platform_admin() and ${t.authorKind} = 'staff' and ${t.authorUserId} = app_user_id()`,
    }),
    pgPolicy("lookup_opens_visitor", {
      for: "insert",
      to: lookupRole,
      withCheck: sql`${t.authorKind} = 'visitor' and not ${t.internal} and ${t.authorUserId} is null
        and exists (select 1 from help_conversations c where c.id = ${t.conversationId} and c.user_id is null)`,
    }),
  ],
).enableRLS();

/**
 * A screenshot in the private HELP_FILES bucket, under a key derived from this id
 * (src/help/files.ts); it leaves only through short-lived signed URLs.
 */
export const helpAttachments = pgTable(
  "help_attachments",
  {
    id: text().primaryKey(),
    conversationId: text()
      .notNull()
      .references(() => helpConversations.id, { onDelete: "cascade" }),
    messageId: text()
      .notNull()
      .references(() => helpMessages.id, { onDelete: "cascade" }),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("help_attachments_message").on(t.messageId),
    check("help_attachments_type", sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/webp')`),
    check("help_attachments_size", sql`${t.sizeBytes} > 0`),
    pgPolicy("user_reads_own", { for: "select", to: appRole, using: ownConversation(t.conversationId) }),
    pgPolicy("user_uploads_own", {
      for: "insert",
      to: appRole,
      withCheck: sql`${ownConversation(t.conversationId)} and exists (select 1 from help_messages m where m.id = ${t.messageId} and m.conversation_id = ${t.conversationId} and m.author_kind = 'user')`,
    }),
    platformAdminReads(),
  ],
).enableRLS();
