import { z } from "@hono/zod-openapi";
import { COMPONENT_STATES, INCIDENT_IMPACTS, INCIDENT_STATUSES, STATUS_COMPONENTS } from "../infra/db/schema/status";
import { Timestamp } from "../infra/http/schemas";

const Body = z.string().trim().min(1, "must not be empty").max(5000).openapi({ description: "What happened, what is being done: shown on /status and mailed to subscribers." });

export const NewIncident = z
  .object({
    title: z.string().trim().min(3, "must be at least 3 characters").max(200),
    impact: z.enum(INCIDENT_IMPACTS).openapi({ description: "Holds the affected components at least this bad on /status until resolved." }),
    components: z.array(z.enum(STATUS_COMPONENTS)).min(1, "name at least one component").max(STATUS_COMPONENTS.length),
    status: z.enum(INCIDENT_STATUSES).exclude(["resolved"]).default("investigating"),
    body: Body,
  })
  .strict()
  .openapi("NewStatusIncident");

export const IncidentUpdate = z
  .object({ status: z.enum(INCIDENT_STATUSES).openapi({ description: "`resolved` closes the incident." }), body: Body })
  .strict()
  .openapi("StatusIncidentUpdate");

export const AdminIncident = z
  .object({
    object: z.literal("status_incident"),
    id: z.string(),
    title: z.string(),
    impact: z.enum(INCIDENT_IMPACTS),
    status: z.enum(INCIDENT_STATUSES),
    components: z.array(z.enum(STATUS_COMPONENTS)),
    created_at: Timestamp,
    resolved_at: Timestamp.nullable(),
    updates: z.array(z.object({ id: z.string(), status: z.enum(INCIDENT_STATUSES), body: z.string(), created_by: z.string(), created_at: Timestamp })),
    notified: z.number().int().optional().openapi({ description: "Subscribers mailed by this post (write answers only)." }),
  })
  .openapi("AdminStatusIncident");

export const AdminStatus = z
  .object({
    components: z.array(
      z.object({
        id: z.enum(STATUS_COMPONENTS),
        name: z.string(),
        state: z.enum(COMPONENT_STATES),
        /** Staff see why. */
        reason: z.string().nullable(),
        checked_at: Timestamp.nullable(),
      }),
    ),
    incidents: z.array(AdminIncident),
    confirmed_subscribers: z.number().int(),
  })
  .openapi("AdminStatus");
