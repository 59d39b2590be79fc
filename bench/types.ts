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
