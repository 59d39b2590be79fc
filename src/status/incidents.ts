import { count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { statusIncidents, statusIncidentUpdates, statusProbes, statusSubscribers, type IncidentImpact, type IncidentStatus } from "../infra/db/schema";
import { newId } from "../infra/ids";
import type { StatusComponent } from "./components";

export type IncidentRow = typeof statusIncidents.$inferSelect;
export type IncidentUpdateRow = typeof statusIncidentUpdates.$inferSelect;

/** Staff queries of the status page (run as the platform-admin principal). */
export async function createIncident(
  tx: Tx,
  adminId: string,
  input: { title: string; impact: IncidentImpact; components: StatusComponent[]; status: IncidentStatus; body: string },
): Promise<IncidentRow> {
  const id = newId("statusIncident");
  const [row] = await tx
    .insert(statusIncidents)
    .values({ id, title: input.title, impact: input.impact, status: input.status, components: [...new Set(input.components)], createdBy: adminId })
    .returning();
  await tx.insert(statusIncidentUpdates).values({ id: newId("statusIncidentUpdate"), incidentId: id, status: input.status, body: input.body, createdBy: adminId });
  return row!;
}

export async function findIncident(tx: Tx, id: string): Promise<IncidentRow | undefined> {
  const [row] = await tx.select().from(statusIncidents).where(eq(statusIncidents.id, id)).for("update");
  return row;
}

/** Posts an update; `resolved` closes the incident (and a later post reopens it). */
export async function addIncidentUpdate(tx: Tx, adminId: string, incident: IncidentRow, input: { status: IncidentStatus; body: string }): Promise<IncidentRow> {
  await tx.insert(statusIncidentUpdates).values({ id: newId("statusIncidentUpdate"), incidentId: incident.id, status: input.status, body: input.body, createdBy: adminId });
  const [row] = await tx
    .update(statusIncidents)
    .set({ status: input.status, updatedAt: sql`now()`, resolvedAt: input.status === "resolved" ? sql`now()` : null })
    .where(eq(statusIncidents.id, incident.id))
    .returning();
  return row!;
}

export async function listIncidents(tx: Tx, limit = 20): Promise<{ incident: IncidentRow; updates: IncidentUpdateRow[] }[]> {
  const incidents = await tx.select().from(statusIncidents).orderBy(desc(statusIncidents.createdAt)).limit(limit);
  const updates = incidents.length
    ? await tx
        .select()
        .from(statusIncidentUpdates)
        .where(inArray(statusIncidentUpdates.incidentId, incidents.map((i) => i.id)))
        .orderBy(desc(statusIncidentUpdates.createdAt), desc(statusIncidentUpdates.id))
    : [];
  return incidents.map((incident) => ({ incident, updates: updates.filter((u) => u.incidentId === incident.id) }));
}

export async function updatesOf(tx: Tx, incidentId: string): Promise<IncidentUpdateRow[]> {
  return tx.select().from(statusIncidentUpdates).where(eq(statusIncidentUpdates.incidentId, incidentId)).orderBy(desc(statusIncidentUpdates.createdAt), desc(statusIncidentUpdates.id));
}

/** Each component's newest probe, with its reason (staff only). */
export async function latestProbes(tx: Tx): Promise<{ component: StatusComponent; state: string; detail: string | null; checkedAt: Date }[]> {
  return tx
    .selectDistinctOn([statusProbes.component], { component: statusProbes.component, state: statusProbes.state, detail: statusProbes.detail, checkedAt: statusProbes.checkedAt })
    .from(statusProbes)
    .orderBy(statusProbes.component, desc(statusProbes.checkedAt));
}

export async function confirmedSubscriberCount(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(statusSubscribers).where(isNotNull(statusSubscribers.confirmedAt));
  return row?.n ?? 0;
}
