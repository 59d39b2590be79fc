import { dashboardRoute } from "../infra/api/dashboard-route";
import type { DashboardApp } from "../infra/api/dashboard-types";
import { recordAudit } from "../audit/log";
import { clientInfo } from "../auth/client-info";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { commonErrors, errorResponse, idParams, jsonResponse } from "../infra/http/schemas";
import { asPlatformAdmin } from "../platform-admin/access";
import { listDeadLetters, replayDeadLetter, replayQueues } from "./queries";
import { DeadLetter, serializeDeadLetter } from "./schemas";

export const adminListDeadLettersRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/dead-letters",
  tags: ["Platform admin"],
  summary: "List dead letters of every brand",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(DeadLetter), "A page of dead letters, newest first."), ...commonErrors },
});

export const adminReplayDeadLetterRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/dead-letters/{deadLetterId}/replay",
  tags: ["Platform admin"],
  summary: "Replay a dead letter",
  request: { params: idParams({ deadLetterId: "dlt" }) },
  responses: { 200: jsonResponse(DeadLetter, "The dead letter, replay counted."), ...commonErrors, 503: errorResponse("The queue did not take the message; retry.") },
});

/** Staff's Admin page: every brand's dead letters (a brand's own are operations, ./operations.ts). */
export function registerDeadLetterAdminRoutes(app: DashboardApp) {
  app.openapi(adminListDeadLettersRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await asPlatformAdmin(c, (tx) => listDeadLetters(tx, { limit, before: decodeCursor(cursor), withStored: false }));
    return c.json(toPage(rows, limit, serializeDeadLetter), 200);
  });
  app.openapi(adminReplayDeadLetterRoute, async (c) => {
    const { deadLetterId } = c.req.valid("param");
    const row = await asPlatformAdmin(c, async (tx, adminId) => {
      const row = await replayDeadLetter(tx, replayQueues(c.var.config), deadLetterId);
      await recordAudit(tx, {
        brandId: row.brandId,
        actor: { type: "platform_admin", id: adminId },
        action: "dead_letter.replayed",
        target: { type: "dead_letter", id: deadLetterId },
        client: clientInfo(c),
      });
      return row;
    });
    return c.json(serializeDeadLetter(row), 200);
  });
}
