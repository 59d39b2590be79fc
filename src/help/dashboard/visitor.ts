import { LIMITS, enforce } from "../../auth/rate-limits";
import { clientInfo } from "../../auth/client-info";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { openVisitorConversation } from "../queries";
import { OpenVisitorConversation, VisitorReceipt } from "../schemas";
import { subjectOf } from "./own";

export const openVisitorHelpRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/help/visitor-conversations",
  tags: ["Help"],
  summary: "Write to Rekomi support without an account",
  description:
    "For the public join and invitation pages. Staff's replies are mailed to `email`; nothing is read back here, so an address typed by " +
    "someone else reveals nothing. At most 5 messages per IP and 3 per address an hour.",
  request: { body: jsonBody(OpenVisitorConversation) },
  responses: { 201: jsonResponse(VisitorReceipt, "Received."), ...commonErrors, 429: errorResponse("Too many messages from this IP or to this address.") },
});

export function registerVisitorHelpRoute(app: DashboardApp) {
  app.openapi(openVisitorHelpRoute, async (c) => {
    const { email, topic, subject, body } = c.req.valid("json");
    await enforce(c.var.db(), [
      { limit: LIMITS.helpVisitorPerIp, subject: clientInfo(c).ip },
      { limit: LIMITS.helpVisitorPerEmail, subject: email },
    ]);
    const id = await openVisitorConversation(c.var.db(), { email, topic, subject: subjectOf(subject, body), body });
    return c.json({ object: "help_visitor_receipt" as const, id, message: `Thanks: Rekomi support will answer by email to ${email}.` }, 201);
  });
}
