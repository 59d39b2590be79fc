import { z } from "@hono/zod-openapi";
import { AdminBrand, AdminCreator } from "../platform-admin/schemas";
import { HELP_AUTHOR_KINDS, HELP_STATUSES, HELP_TOPICS, type helpAttachments, type helpConversations, type helpMessages } from "../infra/db/schema";
import { PageQuery } from "../infra/http/pagination";
import { Timestamp } from "../infra/http/schemas";
import { MAX_SCREENSHOT_BYTES, SCREENSHOT_TYPES } from "./files";
import { CONTROL } from "./text";

/** Topics a person may pick in the panel; `campaign_report` opens only through the report action. */
export const OPEN_TOPICS = ["question", "bug", "billing", "security"] as const;

const Body = z.string().trim().min(1, "must not be empty").max(5000, "must be at most 5,000 characters");
// A subject becomes a mail's Subject header and a one-line title: no line breaks, no control characters.
const Subject = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !CONTROL.test(s), "must not contain line breaks or control characters");

export const OpenConversation = z
  .object({
    topic: z.enum(OPEN_TOPICS).openapi({ description: "`security` reaches staff flagged and first in line." }),
    subject: Subject.optional().openapi({ description: "A short title; the first line of the message when omitted." }),
    body: Body,
  })
  .strict()
  .openapi("OpenHelpConversation");

export const OpenVisitorConversation = OpenConversation.extend({
  email: z.string().trim().max(254).email("must be an email address").openapi({ description: "Where staff's replies are mailed." }),
})
  .strict()
  .openapi("OpenVisitorHelpConversation");

export const CAMPAIGN_REPORT_REASONS = ["misleading_terms", "unpaid_commissions", "other"] as const;

export const ReportCampaign = z
  .object({
    campaign_id: z.string().regex(/^cmp_[0-9a-z]{26}$/, "must be an id starting with cmp_"),
    reason: z.enum(CAMPAIGN_REPORT_REASONS),
    body: Body,
  })
  .strict()
  .openapi("ReportCampaign");

export const WriteMessage = z.object({ body: Body }).strict().openapi("WriteHelpMessage");

export const StaffWriteMessage = z
  .object({ body: Body, internal: z.boolean().default(false).openapi({ description: "An internal note: staff only, never shown to the user." }) })
  .strict()
  .openapi("StaffHelpMessage");

export const UpdateConversation = z
  .object({
    status: z.enum(HELP_STATUSES).optional(),
    assigned_to_user_id: z
      .string()
      .regex(/^usr_[0-9a-z]{26}$/, "must be an id starting with usr_")
      .nullable()
      .optional()
      .openapi({ description: "A staff member, or null to unassign." }),
  })
  .strict()
  .openapi("UpdateHelpConversation");

export const ScreenshotQuery = z.object({ conversation_id: z.string().regex(/^hlp_[0-9a-z]{26}$/, "must be an id starting with hlp_") });

export const screenshotBody = {
  content: Object.fromEntries(
    SCREENSHOT_TYPES.map((t) => [t, { schema: z.string().openapi({ type: "string", format: "binary", description: `One image, at most ${MAX_SCREENSHOT_BYTES / (1024 * 1024)} MB.` }) }]),
  ),
  required: true,
};

export const InboxQuery = PageQuery.extend({
  status: z.enum(HELP_STATUSES).default("open"),
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: "Page size, 1 to 100." }),
});

export const HelpAttachment = z.object({ id: z.string(), content_type: z.string(), size_bytes: z.number().int() }).openapi("HelpAttachment");

export const HelpMessage = z
  .object({
    object: z.literal("help_message"),
    id: z.string(),
    author: z.enum(HELP_AUTHOR_KINDS),
    internal: z.boolean(),
    body: z.string().nullable(),
    attachments: z.array(HelpAttachment),
    created_at: Timestamp,
  })
  .openapi("HelpMessage");

export const HelpConversation = z
  .object({
    object: z.literal("help_conversation"),
    id: z.string(),
    topic: z.enum(HELP_TOPICS),
    subject: z.string(),
    status: z.enum(HELP_STATUSES),
    campaign: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    unread: z.boolean().openapi({ description: "Staff answered since you last opened it." }),
    last_message_at: Timestamp,
    created_at: Timestamp,
  })
  .openapi("HelpConversation");

export const HelpThread = HelpConversation.extend({ messages: z.array(HelpMessage) }).openapi("HelpThread");

export const HelpUnread = z.object({ unread: z.number().int() }).openapi("HelpUnread");

export const HelpFileUrl = z.object({ object: z.literal("help_file_url"), attachment_id: z.string(), url: z.string(), expires_at: Timestamp }).openapi("HelpFileUrl");

export const VisitorReceipt = z
  .object({ object: z.literal("help_visitor_receipt"), id: z.string(), message: z.string() })
  .openapi("HelpVisitorReceipt");

/** What staff see in the inbox list. */
export const AdminHelpConversation = HelpConversation.omit({ unread: true })
  .extend({
    flagged: z.boolean().openapi({ description: "A security report: sorted first." }),
    from: z.object({ user_id: z.string().nullable(), email: z.string(), name: z.string().nullable() }),
    assigned_to: z.object({ user_id: z.string(), email: z.string() }).nullable(),
    brand: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi("AdminHelpConversation");

export const AdminHelpThread = AdminHelpConversation.extend({
  messages: z.array(HelpMessage.extend({ author_user_id: z.string().nullable() })),
  user_brands: z.array(AdminBrand.extend({ role: z.string() })),
  creator: AdminCreator.nullable(),
}).openapi("AdminHelpThread");

type ConversationRow = typeof helpConversations.$inferSelect;
type MessageRow = typeof helpMessages.$inferSelect;
type AttachmentRow = typeof helpAttachments.$inferSelect;

export function isUnread(c: ConversationRow): boolean {
  return c.lastStaffReplyAt !== null && (c.userReadAt === null || c.userReadAt < c.lastStaffReplyAt);
}

export function serializeConversation(c: ConversationRow): z.infer<typeof HelpConversation> {
  return {
    object: "help_conversation",
    id: c.id,
    topic: c.topic,
    subject: c.subject,
    status: c.status,
    campaign: c.campaignId ? { id: c.campaignId, name: c.campaignName } : null,
    unread: isUnread(c),
    last_message_at: c.lastMessageAt.toISOString(),
    created_at: c.createdAt.toISOString(),
  };
}

export function serializeMessage(m: MessageRow, attachments: AttachmentRow[]): z.infer<typeof HelpMessage> {
  return {
    object: "help_message",
    id: m.id,
    author: m.authorKind,
    internal: m.internal,
    body: m.body,
    attachments: attachments.filter((a) => a.messageId === m.id).map((a) => ({ id: a.id, content_type: a.contentType, size_bytes: a.sizeBytes })),
    created_at: m.createdAt.toISOString(),
  };
}
