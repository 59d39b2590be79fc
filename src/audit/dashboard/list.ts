import { desc, eq, lt } from "drizzle-orm";
import { dashboardRoute } from "../../api/dashboard-route";
import type { DashboardApp } from "../../api/dashboard-types";
import { auditEvents, users } from "../../db/schema";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { AuditEvent, serializeAuditEvent } from "../schemas";

export const listAuditEventsRoute = dashboardRoute({ brand: "audit.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/audit-events",
  tags: ["Audit log"],
  summary: "Read the audit log",
  description: "The brand's security-relevant actions, plus account events (sign-ins, failed sign-in bursts, password changes) of its current members. Newest first.",
  request: { params: idParams({ brandId: "brd" }), query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(AuditEvent), "A page of events."), ...commonErrors },
});

export function registerListAuditEvents(app: DashboardApp) {
  app.openapi(listAuditEventsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const before = decodeCursor(cursor);
    // RLS picks the rows (the brand's, and its members' account events); the actor's email
    // shows when the actor is a member the brand can see.
    const rows = await withAccessedBrand(c, (tx) =>
      tx
        .select({ event: auditEvents, actorEmail: users.email })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorId))
        .where(before ? lt(auditEvents.id, before) : undefined)
        .orderBy(desc(auditEvents.id))
        .limit(limit + 1),
    );
    const page = toPage(
      rows.map((r) => ({ id: r.event.id, ...r })),
      limit,
      (r) => serializeAuditEvent(r.event, r.actorEmail),
    );
    return c.json(page, 200);
  });
}
