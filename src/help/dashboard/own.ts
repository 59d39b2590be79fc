import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { LIMITS, enforce } from "../../auth/rate-limits";
import { signedInSession } from "../../auth/session-middleware";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { asHelpUser, visibleConversation } from "../access";
import { addUserMessage, countUnread, listOwnConversations, markRead, openConversation, threadOf } from "../queries";
import { oneLine } from "../text";
import { HelpConversation, HelpThread, HelpUnread, OpenConversation, WriteMessage, serializeConversation, serializeMessage } from "../schemas";

const tags = ["Help"];
const rateLimited = { 429: errorResponse("Too many help messages from this account (20 an hour).") };

export const listHelpRoute = dashboardRoute("signed_in", {
  method: "get",
  path: "/api/help/conversations",
  tags,
  summary: "Your help conversations",
  description: "Latest activity first (at most 50); `unread` when Rekomi support answered since you last opened one.",
  responses: { 200: jsonResponse(z.object({ data: z.array(HelpConversation) }), "Your conversations."), ...commonErrors },
});

export const helpUnreadRoute = dashboardRoute("signed_in", {
  method: "get",
  path: "/api/help/unread",
  tags,
  summary: "How many conversations have an unread answer",
  description: "The help button's badge.",
  responses: { 200: jsonResponse(HelpUnread, "The count."), ...commonErrors },
});

export const openHelpRoute = dashboardRoute("signed_in", {
  method: "post",
  path: "/api/help/conversations",
  tags,
  summary: "Write to Rekomi support",
  description: "Opens a conversation with its first message. Topic `security` is flagged for staff and answered first.",
  request: { body: jsonBody(OpenConversation) },
  responses: { 201: jsonResponse(HelpThread, "The new conversation."), ...commonErrors, ...rateLimited },
});

export const helpThreadRoute = dashboardRoute("signed_in", {
  method: "get",
  path: "/api/help/conversations/{conversationId}",
  tags,
  summary: "Read a help conversation",
  description: "Its messages oldest first (staff's internal notes are never included); reading it clears its unread mark.",
  request: { params: idParams({ conversationId: "hlp" }) },
  responses: { 200: jsonResponse(HelpThread, "The conversation."), ...commonErrors },
});

export const writeHelpRoute = dashboardRoute("signed_in", {
  method: "post",
  path: "/api/help/conversations/{conversationId}/messages",
  tags,
  summary: "Reply in a help conversation",
  description: "The conversation waits for Rekomi support again (a closed one reopens).",
  request: { params: idParams({ conversationId: "hlp" }), body: jsonBody(WriteMessage) },
  responses: { 201: jsonResponse(HelpThread, "The conversation with your message."), ...commonErrors, ...rateLimited },
});

/** The first line of the message, as a title, when none is given (control characters dropped). */
export function subjectOf(subject: string | undefined, body: string): string {
  if (subject) return subject;
  const line = oneLine(body) || "No subject";
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Counts one write against the user's hourly allowance, outside the write's transaction (a refused write still counts). */
export function enforceHelpWrites(c: Context): Promise<void> {
  return enforce(c.var.db(), [{ limit: LIMITS.helpWritesPerUser, subject: signedInSession(c).user.id }]);
}

export function registerOwnHelpRoutes(app: DashboardApp) {
  app.openapi(listHelpRoute, async (c) => {
    const rows = await asHelpUser(c, (tx, userId) => listOwnConversations(tx, userId, 50));
    return c.json({ data: rows.map(serializeConversation) }, 200);
  });

  app.openapi(helpUnreadRoute, async (c) => {
    const unread = await asHelpUser(c, (tx, userId) => countUnread(tx, userId));
    return c.json({ unread }, 200);
  });

  app.openapi(openHelpRoute, async (c) => {
    const { topic, subject, body } = c.req.valid("json");
    await enforceHelpWrites(c);
    const thread = await asHelpUser(c, async (tx, userId) => {
      const row = await openConversation(tx, { userId, topic, subject: subjectOf(subject, body), body });
      const { messages, attachments } = await threadOf(tx, row.id);
      return { ...serializeConversation(row), messages: messages.map((m) => serializeMessage(m, attachments)) };
    });
    return c.json(thread, 201);
  });

  app.openapi(helpThreadRoute, async (c) => {
    const { conversationId } = c.req.valid("param");
    const thread = await asHelpUser(c, async (tx) => {
      const row = await visibleConversation(tx, conversationId);
      const { messages, attachments } = await threadOf(tx, row.id);
      await markRead(tx, row.id);
      return { ...serializeConversation(row), unread: false, messages: messages.map((m) => serializeMessage(m, attachments)) };
    });
    return c.json(thread, 200);
  });

  app.openapi(writeHelpRoute, async (c) => {
    const { conversationId } = c.req.valid("param");
    const { body } = c.req.valid("json");
    await enforceHelpWrites(c);
    const thread = await asHelpUser(c, async (tx, userId) => {
      await visibleConversation(tx, conversationId);
      await addUserMessage(tx, conversationId, userId, body);
      const row = await visibleConversation(tx, conversationId);
      const { messages, attachments } = await threadOf(tx, row.id);
      return { ...serializeConversation(row), messages: messages.map((m) => serializeMessage(m, attachments)) };
    });
    return c.json(thread, 201);
  });
}
