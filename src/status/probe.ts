import { sql } from "drizzle-orm";
import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { withPrincipal } from "../infra/db/principal";
import { statusDaily, statusProbes } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { rowsOf } from "../infra/db/raw";
import { ok, type Finding, type StatusComponent } from "./components";
import { evaluate, type Signals } from "./evaluate";
import { forgetPublicStatus } from "./public-status";

/** What the probe needs of the app's config. */
export type ProbeConfig = Pick<AppConfig, "TRACKING_BASE_URL" | "STATUS_EDGE_HEALTH_URL" | "EDGE" | "ASSETS" | "APP_ORIGIN" | "STRIPE_SECRET_KEY">;

/** The cron writes probes as the jobs' staff principal (like brandless dead letters). */
const STATUS_JOB = { kind: "platform_admin", userId: "system:status" } as const;
const TIMEOUT_MS = 5000;


function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}

/**
 * The edge worker's `/healthz`: at STATUS_EDGE_HEALTH_URL when an operator set one, else
 * through the `EDGE` service binding (on Cloudflare a fetch to a same-zone hostname would
 * reach the origin, not the worker), else at TRACKING_BASE_URL.
 */
export async function probeEdge(config: ProbeConfig): Promise<Finding> {
  const url = config.STATUS_EDGE_HEALTH_URL ?? `${config.TRACKING_BASE_URL}/healthz`;
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const res =
      config.EDGE && !config.STATUS_EDGE_HEALTH_URL ? await config.EDGE.fetch(new Request("https://rekomi-edge.internal/healthz", { signal })) : await fetch(url, { signal });
    await res.body?.cancel();
    if (res.status === 200) return ok;
    return { state: "degraded", reason: `edge /healthz answered ${res.status}` };
  } catch (err) {
    // Not answering at all is a hard failure; an edge that answers unhealthy still redirects from its link cache.
    return { state: "down", reason: `edge /healthz unreachable: ${describe(err)}` };
  }
}

/** The dashboard's entry page from the asset store (`/`: `/index.html` may answer a redirect to it). */
async function probeAssets(config: ProbeConfig): Promise<Finding> {
  try {
    const res = await config.ASSETS.fetch(new Request(`${config.APP_ORIGIN}/`));
    await res.body?.cancel();
    return res.ok ? ok : { state: "down", reason: `dashboard assets answered ${res.status}` };
  } catch (err) {
    return { state: "down", reason: `dashboard assets unreachable: ${describe(err)}` };
  }
}

/** Platform-wide counts from Postgres (status_signals(): no rows, no tenant data). */
async function readSignals(db: Db): Promise<Signals> {
  const [row] = await rowsOf<Signals>(db, sql`select * from status_signals()`);
  return row!;
}

/**
 * The cron's status probe (every minute): checks the edge's health route and the dashboard's
 * assets, reads the queue and delivery signals, and records one probe row per component plus
 * its day's tally, in one transaction. When Postgres does not answer nothing is recorded, and
 * the page shows every component degraded after ten silent minutes.
 */
export async function recordStatusProbe(config: ProbeConfig, db: Db): Promise<Partial<Record<StatusComponent, Finding>>> {
  const [edge, assets, signals] = await Promise.all([probeEdge(config), probeAssets(config), readSignals(db)]);
  const findings = evaluate(edge, assets, signals, Boolean(config.STRIPE_SECRET_KEY));
  const checkedAt = new Date();
  const day = checkedAt.toISOString().slice(0, 10);
  const entries = Object.entries(findings) as [StatusComponent, Finding][];
  await withPrincipal(db, STATUS_JOB, async (tx) => {
    await tx.insert(statusProbes).values(entries.map(([component, f]) => ({ id: newId("statusProbe"), component, state: f.state, detail: f.reason, checkedAt })));
    await tx
      .insert(statusDaily)
      .values(entries.map(([component, f]) => ({ component, day, probes: 1, operational: f.state === "operational" ? 1 : 0, degraded: f.state === "degraded" ? 1 : 0 })))
      .onConflictDoUpdate({
        target: [statusDaily.component, statusDaily.day],
        set: {
          probes: sql`${statusDaily.probes} + 1`,
          operational: sql`${statusDaily.operational} + excluded.operational`,
          degraded: sql`${statusDaily.degraded} + excluded.degraded`,
        },
      });
  });
  forgetPublicStatus(); // committed: this isolate's /status shows the new probe at once
  for (const [component, f] of entries) {
    if (f.state !== "operational") console.warn(JSON.stringify({ level: "warn", message: "status probe", component, state: f.state, reason: f.reason }));
  }
  return findings;
}

/** Raw probes are needed for ten minutes of current state and the staff view; days keep the rest. */
export async function pruneStatusProbes(db: Db): Promise<void> {
  await withPrincipal(db, STATUS_JOB, async (tx) => {
    await tx.execute(sql`delete from status_probes where checked_at < now() - interval '2 days'`);
    await tx.execute(sql`delete from status_server_errors where minute < now() - interval '2 days'`);
    await tx.execute(sql`delete from status_daily where day < (now() at time zone 'UTC')::date - 400`);
  });
}
