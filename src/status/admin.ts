import { recordAudit } from "../audit/log";
import { clientInfo } from "../auth/client-info";
import { dashboardRoute } from "../infra/api/dashboard-route";
import type { DashboardApp } from "../infra/api/dashboard-types";
import { ApiError } from "../infra/http/errors";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../infra/http/schemas";
import { asPlatformAdmin } from "../platform-admin/access";
import { addIncidentUpdate, confirmedSubscriberCount, createIncident, findIncident, latestProbes, listIncidents, updatesOf, type IncidentRow, type IncidentUpdateRow } from "./incidents";
import { reportedComponents } from "./components";
import { forgetPublicStatus, readPublicStatus } from "./public-status";
import { AdminIncident, AdminStatus, IncidentUpdate, NewIncident } from "./schemas";
import { notifySubscribers } from "./subscribers";

function serializeIncident(incident: IncidentRow, updates: IncidentUpdateRow[], notified?: number) {
  return {
    object: "status_incident" as const,
    id: incident.id,
    title: incident.title,
    impact: incident.impact,
    status: incident.status,
    components: incident.components,
    created_at: incident.createdAt.toISOString(),
    resolved_at: incident.resolvedAt?.toISOString() ?? null,
    updates: updates.map((u) => ({ id: u.id, status: u.status, body: u.body, created_by: u.createdBy, created_at: u.createdAt.toISOString() })),
    ...(notified === undefined ? {} : { notified }),
  };
}

export const adminStatusRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/status",
  tags: ["Platform admin"],
  summary: "Status page: components, incidents, subscribers",
  description: "What /status shows, plus the reason behind each component's newest probe and the incidents staff posted.",
  responses: { 200: jsonResponse(AdminStatus, "The status page as staff see it."), ...commonErrors },
});

export const createIncidentRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/status/incidents",
  tags: ["Platform admin"],
  summary: "Post an incident",
  description: "Shown on /status at once; confirmed subscribers are mailed.",
  request: { body: jsonBody(NewIncident) },
  responses: { 201: jsonResponse(AdminIncident, "The incident."), ...commonErrors },
});

export const updateIncidentRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/status/incidents/{incidentId}/updates",
  tags: ["Platform admin"],
  summary: "Post an incident update (or resolve it)",
  description: "Status `resolved` closes the incident; confirmed subscribers are mailed every update.",
  request: { params: idParams({ incidentId: "inc" }), body: jsonBody(IncidentUpdate) },
  responses: { 201: jsonResponse(AdminIncident, "The incident with its updates, newest first."), ...commonErrors },
});

/** The Admin tab's routes: staff post, update and resolve incidents; every post is audited. */
export function registerStatusAdminRoutes(app: DashboardApp) {
  app.openapi(adminStatusRoute, async (c) => {
    const page = await readPublicStatus(c.var.db(), reportedComponents(c.var.config));
    const body = await asPlatformAdmin(c, async (tx) => {
      const probes = await latestProbes(tx);
      const incidents = await listIncidents(tx);
      return {
        components: page.components.map((component) => {
          const probe = probes.find((p) => p.component === component.id);
          return { id: component.id, name: component.name, state: component.state, reason: probe?.detail ?? null, checked_at: probe?.checkedAt.toISOString() ?? null };
        }),
        incidents: incidents.map(({ incident, updates }) => serializeIncident(incident, updates)),
        confirmed_subscribers: await confirmedSubscriberCount(tx),
      };
    });
    return c.json(body, 200);
  });

  app.openapi(createIncidentRoute, async (c) => {
    const input = c.req.valid("json");
    const body = await asPlatformAdmin(c, async (tx, adminId) => {
      const incident = await createIncident(tx, adminId, input);
      const notified = await notifySubscribers(tx, c.var.config, { title: incident.title, status: incident.status, body: input.body, components: incident.components });
      await recordAudit(tx, {
        subjectUserId: adminId,
        actor: { type: "platform_admin", id: adminId },
        action: "status_incident.posted",
        target: { type: "status_incident", id: incident.id },
        metadata: { title: incident.title, impact: incident.impact, status: incident.status, components: incident.components, notified },
        client: clientInfo(c),
      });
      return serializeIncident(incident, await updatesOf(tx, incident.id), notified);
    });
    forgetPublicStatus();
    return c.json(body, 201);
  });

  app.openapi(updateIncidentRoute, async (c) => {
    const { incidentId } = c.req.valid("param");
    const input = c.req.valid("json");
    const body = await asPlatformAdmin(c, async (tx, adminId) => {
      const current = await findIncident(tx, incidentId);
      if (!current) throw new ApiError("not_found", `No incident ${incidentId}.`, { param: "incidentId" });
      const incident = await addIncidentUpdate(tx, adminId, current, input);
      const notified = await notifySubscribers(tx, c.var.config, { title: incident.title, status: input.status, body: input.body, components: incident.components });
      await recordAudit(tx, {
        subjectUserId: adminId,
        actor: { type: "platform_admin", id: adminId },
        action: input.status === "resolved" ? "status_incident.resolved" : "status_incident.updated",
        target: { type: "status_incident", id: incident.id },
        metadata: { from: current.status, status: input.status, notified },
        client: clientInfo(c),
      });
      return serializeIncident(incident, await updatesOf(tx, incident.id), notified);
    });
    forgetPublicStatus();
    return c.json(body, 201);
  });
}
