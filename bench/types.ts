import type { LocalDatabase } from "../scripts/local/database";
import type { DemoData } from "../scripts/local/seed";

/**
 * What `bench/run.ts` hands each phase: one workerd (edge + app worker with their queue
 * consumers) over one embedded Postgres, with the demo brand seeded.
 */
export interface BenchHarness {
  /** The edge worker's direct socket (redirects, S2S ingest, gateway webhooks). */
  edgeUrl: string;
  /** The app worker's direct socket (dashboard API, REST API), for phases that time it. */
  appUrl?: string;
  /** ownerUrl bypasses RLS (seeding, counting); appUrl is the rekomi_app role the workers use. */
  database: LocalDatabase;
  demo: DemoData;
  /** A click id of the demo link, for credited sales. */
  clickId: string;
  /** Secrets the workers were started with (SESSION_SECRET signs dashboard sessions, …). */
  secrets: Record<string, string>;
  log: (line: string) => void;
  /** A trivial 302 worker in the same workerd as the edge: the like-for-like baseline of req/s ratios. */
  trivialUrl: string;
  /**
   * Starts a second workerd running only the trivial and the edge worker (queue producers
   * with no consumer), for measuring the edge's own CPU per request: see bench/hot-paths-cpu.ts.
   */
  startEdgeOnly: (opts?: { inspectorPort?: number }) => Promise<EdgeOnlyWorkerd>;
  /** Adds a phase's detail to bench/results.json under `key` (sizes, per-round figures, counts). */
  record: (key: string, detail: unknown) => void;
  /** Records an integrity failure (a lost click, event, sale or commission): `npm run bench` exits non-zero. A missed target is not one. */
  fail: (reason: string) => void;
}

/** A workerd of its own, and its process's CPU time so far. */
export interface EdgeOnlyWorkerd {
  trivialUrl: string;
  edgeUrl: string;
  /** utime + stime of the workerd process, in microseconds (clock-tick resolution). */
  cpuMicros: () => number;
  dispose: () => Promise<void>;
}

/** One row of the published table: a figure and the target it is held to. */
export interface BenchRow {
  /** Stable key, e.g. "redirect_vs_trivial", "credited_sales_per_s", "analytics_p95_ms". */
  id: string;
  /** What was measured, as the README table says it. */
  what: string;
  value: number;
  unit: string;
  target: { op: ">=" | "<="; value: number };
  /** How it was measured, one short line (scenario, sizes). */
  note?: string;
}

export type BenchPhase = (harness: BenchHarness) => Promise<BenchRow[]>;

export const rowMet = (row: BenchRow): boolean => (row.target.op === ">=" ? row.value >= row.target.value : row.value <= row.target.value);
