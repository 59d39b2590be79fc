import { sql } from "drizzle-orm";
import type { Db } from "../infra/db/client";
import { rowsOf, textArray } from "../infra/db/raw";
import { COMPONENT_LABELS, currentState, STATUS_COMPONENTS, worst, type ComponentState, type StatusComponent } from "./components";

export const UPTIME_DAYS = 90;

export interface PublicIncident {
  id: string;
  title: string;
  impact: "degraded" | "down";
  status: string;
  components: StatusComponent[];
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  updates: { status: string; body: string; created_at: string }[];
}

export interface PublicComponent {
  id: StatusComponent;
  name: string;
  state: ComponentState;
  /** Share of probes that found it operational over the 90 days (null before any probe). */
  uptime_90d: number | null;
  /** One entry per UTC day that has probes, oldest first. */
  days: { date: string; uptime: number; worst: ComponentState }[];
}

/** What /status and /status.json show: component states, 90 days of uptime, incidents. */
export interface PublicStatus {
  state: ComponentState;
  updated_at: string;
  components: PublicComponent[];
  incidents: PublicIncident[];
}

interface IncidentRow {
  id: string;
  title: string;
  impact: PublicIncident["impact"];
  status: string;
  components: StatusComponent[];
  created_at: unknown;
  updated_at: unknown;
  resolved_at: unknown;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/**
 * Reads the public status through the SECURITY DEFINER functions (no principal needed, and
 * nothing beyond states, day tallies and posted incidents can come back). An unresolved
 * incident holds its components at its impact at least, whatever the probes say.
 */
export async function readPublicStatus(db: Db, reported: readonly StatusComponent[] = STATUS_COMPONENTS): Promise<PublicStatus> {
  // One after the other: on the per-request pool, parallel queries would each open a connection.
  const probes = await rowsOf<{ component: string; state: ComponentState }>(db, sql`select component, state from status_recent_probes()`);
  const uptime = await rowsOf<{ component: string; day: string; probes: number; operational: number; degraded: number }>(
    db,
    sql`select component, day::text as day, probes, operational, degraded from status_uptime(${UPTIME_DAYS})`,
  );
  const incidents = await rowsOf<IncidentRow>(db, sql`select * from status_public_incidents(${UPTIME_DAYS})`);
  const ids = incidents.map((r) => r.id);
  const updates = ids.length ? await rowsOf<{ incident_id: string; status: string; body: string; created_at: unknown }>(db, sql`select * from status_public_incident_updates(${textArray(ids)})`) : [];

  const publicIncidents: PublicIncident[] = incidents.map((r) => ({
    id: String(r.id),
    title: String(r.title),
    impact: r.impact as PublicIncident["impact"],
    status: String(r.status),
    components: r.components as StatusComponent[],
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    resolved_at: r.resolved_at ? iso(r.resolved_at) : null,
    updates: updates.filter((u) => u.incident_id === r.id).map((u) => ({ status: String(u.status), body: String(u.body), created_at: iso(u.created_at) })),
  }));

  const components = reported.map((id): PublicComponent => {
    const recent = probes.filter((p) => p.component === id).map((p) => p.state as ComponentState);
    let state = currentState(recent);
    for (const incident of publicIncidents) {
      if (!incident.resolved_at && incident.components.includes(id)) state = worst(state, incident.impact);
    }
    const days = uptime
      .filter((d) => d.component === id)
      .map((d) => {
        const probes = Number(d.probes);
        const operational = Number(d.operational);
        const degraded = Number(d.degraded);
        const worstOfDay: ComponentState = operational + degraded < probes ? "down" : degraded > 0 ? "degraded" : "operational";
        return { date: String(d.day), uptime: probes ? operational / probes : 1, worst: worstOfDay, probes, operational };
      });
    const total = days.reduce((n, d) => n + d.probes, 0);
    const up = days.reduce((n, d) => n + d.operational, 0);
    return {
      id,
      name: COMPONENT_LABELS[id],
      state,
      uptime_90d: total ? up / total : null,
      days: days.map(({ date, uptime, worst }) => ({ date, uptime, worst })),
    };
  });
  return { state: components.reduce<ComponentState>((s, c) => worst(s, c.state), "operational"), updated_at: new Date().toISOString(), components, incidents: publicIncidents };
}

/** How long one isolate serves the page it computed (the probe runs once a minute anyway). */
const FRESH_MS = 30_000;
/** A failed read is remembered briefly too, so an outage of Postgres is not hammered by visitors. */
const FAILED_MS = 5_000;

let memo: { key: string; until: number; status: Promise<PublicStatus> } | null = null;

/**
 * The public status, computed at most once per ~30 s per isolate (concurrent visitors share
 * one read): /status and /status.json are public and unauthenticated, so they must not reach
 * Postgres on every request. `db` is only called on a miss.
 */
export function cachedPublicStatus(db: () => Db, reported: readonly StatusComponent[]): Promise<PublicStatus> {
  const key = reported.join(",");
  const now = Date.now();
  if (memo && memo.key === key && memo.until > now) return memo.status;
  const entry = { key, until: now + FRESH_MS, status: readPublicStatus(db(), reported) };
  entry.status.catch(() => {
    entry.until = Date.now() + FAILED_MS;
  });
  memo = entry;
  return entry.status;
}

/** Drops this isolate's memo: a probe was recorded or staff posted, so the next visitor sees it at once. */
export function forgetPublicStatus(): void {
  memo = null;
}
