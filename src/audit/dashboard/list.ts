import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { signedInSession } from "../../auth/session-middleware";
import type { Tx } from "../../infra/db/client";
import { withPrincipal } from "../../infra/db/principal";
import { auditEvents, users } from "../../infra/db/schema";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
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

/** One page of events matching `scope`; the actor's email shows when RLS lets the reader see that user. */
async function pageOfEvents(tx: Tx, scope: SQL, cursor: string | undefined, limit: number) {
  const before = decodeCursor(cursor);
  const rows = await tx
    .select({ event: auditEvents, actorEmail: users.email })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(scope, before ? lt(auditEvents.id, before) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  return toPage(
    rows.map((r) => ({ id: r.event.id, ...r })),
    limit,
    (r) => serializeAuditEvent(r.event, r.actorEmail),
  );
}

export function registerListAuditEvents(app: DashboardApp) {
  app.openapi(listAuditEventsRoute, async (c) => {
    const { brandId } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    // RLS allows only the brand's rows; the filter says the same, so the reader's own
    // account events (visible to them under user_reads_own) stay out of the brand's log.
    return c.json(await withAccessedBrand(c, (tx) => pageOfEvents(tx, eq(auditEvents.brandId, brandId), cursor, limit)), 200);
  });

  app.openapi(listMyAuditEventsRoute, async (c) => {
    const { user } = signedInSession(c);
    const { limit, cursor } = c.req.valid("query");
    const page = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, (tx) =>
      pageOfEvents(tx, and(isNull(auditEvents.brandId), eq(auditEvents.subjectUserId, user.id))!, cursor, limit),
    );
    return c.json(page, 200);
  });
}
