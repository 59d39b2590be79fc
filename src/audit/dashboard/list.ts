import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { signedInSession } from "../../auth/session-middleware";
import { withPrincipal } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { listAccountAuditEvents, listBrandAuditEvents } from "../queries";
import { AuditEvent, serializeAuditEvent } from "../schemas";

export const listAuditEventsRoute = dashboardRoute({ brand: "audit.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/audit-events",
  tags: ["Audit log"],
  summary: "Read the audit log",
  description:
    "The brand's security-relevant actions, newest first. Members' personal account events (sign-ins, password changes) are not part of it: " +
    "each person reads those at `GET /api/me/audit-events`.",
  request: { params: idParams({ brandId: "brd" }), query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(AuditEvent), "A page of events."), ...commonErrors },
});

export const listMyAuditEventsRoute = dashboardRoute("signed_in", {
  method: "get",
  path: "/api/me/audit-events",
  tags: ["Account"],
  summary: "Your account's activity",
  description: "Your own account events (sign-ups, sign-ins, failed sign-in bursts, email and password changes), newest first.",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(AuditEvent), "A page of events."), ...commonErrors },
});

export function registerListAuditEvents(app: DashboardApp) {
  app.openapi(listAuditEventsRoute, async (c) => {
    const { brandId } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) => listBrandAuditEvents(tx, brandId, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, (r) => serializeAuditEvent(r.event, r.actorEmail)), 200);
  });

  app.openapi(listMyAuditEventsRoute, async (c) => {
    const { user } = signedInSession(c);
    const { limit, cursor } = c.req.valid("query");
    const rows = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, (tx) => listAccountAuditEvents(tx, user.id, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, (r) => serializeAuditEvent(r.event, r.actorEmail)), 200);
  });
}
