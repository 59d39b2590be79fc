import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { enqueueEmail } from "../../email/outbox";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import type { AppConfigEnv } from "../../infra/app/config";
import type { Tx } from "../../infra/db/client";
import { ApiError } from "../../infra/http/errors";
import { pageSchema } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../../platform-admin/access";
import { serializeAdminBrand, serializeAdminCreator } from "../../platform-admin/schemas";
import { decodeInboxCursor, encodeInboxCursor } from "../inbox-cursor";
import { helpReplyToUser, helpReplyToVisitor } from "../mail";
import { accountEmail, addStaffMessage, contextOf, inbox, inboxEntry, isStaff, threadOf, updateConversation } from "../queries";
import { AdminHelpConversation, AdminHelpThread, InboxQuery, StaffWriteMessage, UpdateConversation, serializeConversation, serializeMessage } from "../schemas";

const tags = ["Platform admin"];
const params = idParams({ conversationId: "hlp" });

export const helpInboxRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/help/conversations",
  tags,
  summary: "The help inbox",
  description:
    "Conversations in one status (`open`: waiting for staff), security reports first, then the longest waiting first (`closed`: the latest first). " +
    "Paged: pass `next_cursor` as `cursor` for the next page.",
  request: { query: InboxQuery },
  responses: { 200: jsonResponse(pageSchema(AdminHelpConversation), "One page of the inbox."), ...commonErrors },
});

export const adminHelpThreadRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/help/conversations/{conversationId}",
  tags,
  summary: "Read a help conversation",
  description: "Every message including internal notes, with the user's brands and creator profile, and a reported campaign's brand.",
  request: { params },
  responses: { 200: jsonResponse(AdminHelpThread, "The conversation."), ...commonErrors },
});

export const adminHelpWriteRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/help/conversations/{conversationId}/messages",
  tags,
  summary: "Answer, or add an internal note",
  description:
    "An answer moves the conversation to `waiting` and mails the user (signed-in users a pointer to the dashboard, signed-out visitors the answer itself). " +
    "An internal note (`internal: true`) is for staff only: never shown to the user, no mail. Both are recorded in the audit log (without the text).",
  request: { params, body: jsonBody(StaffWriteMessage) },
  responses: { 201: jsonResponse(AdminHelpThread, "The conversation."), ...commonErrors },
});

export const adminHelpUpdateRoute = dashboardRoute("platform_admin", {
  method: "patch",
  path: "/api/admin/help/conversations/{conversationId}",
  tags,
  summary: "Change a help conversation's status or assignee",
  description: "Assign to a staff member (or `null`), or move between `open`, `waiting` and `closed`. Recorded in the audit log.",
  request: { params, body: jsonBody(UpdateConversation) },
  responses: { 200: jsonResponse(AdminHelpThread, "The conversation."), ...commonErrors },
});

type Entry = NonNullable<Awaited<ReturnType<typeof inboxEntry>>>;

function serializeEntry(e: Entry): z.infer<typeof AdminHelpConversation> {
  const { unread: _unread, ...conversation } = serializeConversation(e.conversation);
  const c = e.conversation;
  return {
    ...conversation,
    flagged: c.topic === "security",
    from: { user_id: c.userId, email: c.visitorEmail ?? e.userEmail ?? "", name: e.userName },
    assigned_to: c.assignedToUserId && e.assigneeEmail ? { user_id: c.assignedToUserId, email: e.assigneeEmail } : null,
    brand: c.brandId && e.brandName ? { id: c.brandId, name: e.brandName } : null,
  };
}

async function adminThread(tx: Tx, id: string): Promise<z.infer<typeof AdminHelpThread>> {
  const entry = await inboxEntry(tx, id);
  if (!entry) throw new ApiError("not_found", `No help conversation ${id}.`, { param: "conversationId" });
  const { messages, attachments } = await threadOf(tx, id);
  const context = await contextOf(tx, entry.conversation.userId);
  return {
    ...serializeEntry(entry),
    messages: messages.map((m) => ({ ...serializeMessage(m, attachments), author_user_id: m.authorUserId })),
    user_brands: context.brands.map((b) => ({ ...serializeAdminBrand(b.brand), role: b.role })),
    creator: context.creator ? serializeAdminCreator(context.creator) : null,
  };
}

/** The reply's mail, to the conversation's own address, in the reply's transaction (outbox). */
async function mailReply<E extends AppConfigEnv>(c: Context<E>, tx: Tx, entry: Entry, body: string): Promise<void> {
  const conv = entry.conversation;
  const origin = c.var.config.APP_ORIGIN;
  if (conv.userId) {
    const to = await accountEmail(tx, conv.userId);
    if (to) await enqueueEmail(tx, c.var.config, { userId: conv.userId, helpConversationId: conv.id, to, content: helpReplyToUser({ subject: conv.subject, url: `${origin}/` }) });
  } else if (conv.visitorEmail) {
    await enqueueEmail(tx, c.var.config, { helpConversationId: conv.id, to: conv.visitorEmail, content: helpReplyToVisitor({ subject: conv.subject, body, url: origin }) });
  }
}

export function registerAdminHelpRoutes(app: DashboardApp) {
  app.openapi(helpInboxRoute, async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const after = decodeInboxCursor(cursor);
    const rows = await asPlatformAdmin(c, (tx) => inbox(tx, status, { limit, after }));
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    const next = hasMore && last ? encodeInboxCursor({ flagged: last.conversation.topic === "security", at: last.lastMessageAtText, id: last.conversation.id }) : null;
    return c.json({ data: page.map(serializeEntry), has_more: hasMore, next_cursor: next }, 200);
  });

  app.openapi(adminHelpThreadRoute, async (c) => {
    const { conversationId } = c.req.valid("param");
    return c.json(await asPlatformAdmin(c, (tx) => adminThread(tx, conversationId)), 200);
  });

  app.openapi(adminHelpWriteRoute, async (c) => {
    const { conversationId } = c.req.valid("param");
    const { body, internal } = c.req.valid("json");
    const thread = await asPlatformAdmin(c, async (tx, adminId) => {
      const entry = await inboxEntry(tx, conversationId);
      if (!entry) throw new ApiError("not_found", `No help conversation ${conversationId}.`, { param: "conversationId" });
      const messageId = await addStaffMessage(tx, conversationId, adminId, body, internal);
      if (!internal) await mailReply(c, tx, entry, body);
      await recordAudit(tx, {
        actor: { type: "platform_admin", id: adminId },
        action: internal ? "help.note_added" : "help.replied",
        target: { type: "help_conversation", id: conversationId },
        metadata: { message_id: messageId, topic: entry.conversation.topic },
        client: clientInfo(c),
      });
      return adminThread(tx, conversationId);
    });
    return c.json(thread, 201);
  });

  app.openapi(adminHelpUpdateRoute, async (c) => {
    const { conversationId } = c.req.valid("param");
    const { status, assigned_to_user_id: assignee } = c.req.valid("json");
    const thread = await asPlatformAdmin(c, async (tx, adminId) => {
      const entry = await inboxEntry(tx, conversationId);
      if (!entry) throw new ApiError("not_found", `No help conversation ${conversationId}.`, { param: "conversationId" });
      if (assignee && !(await isStaff(tx, assignee))) throw new ApiError("invalid_request", `${assignee} is not a Rekomi staff member.`, { param: "assigned_to_user_id" });
      const before = entry.conversation;
      await updateConversation(tx, conversationId, { ...(status && { status }), ...(assignee !== undefined && { assignedToUserId: assignee }) });
      await recordAudit(tx, {
        actor: { type: "platform_admin", id: adminId },
        action: "help.conversation_updated",
        target: { type: "help_conversation", id: conversationId },
        metadata: {
          ...(status && { from_status: before.status, status }),
          ...(assignee !== undefined && { from_assignee: before.assignedToUserId, assignee }),
        },
        client: clientInfo(c),
      });
      return adminThread(tx, conversationId);
    });
    return c.json(thread, 200);
  });
}
