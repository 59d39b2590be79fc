import { analyticsPhase } from "./analytics";
import { hotPhase } from "./hot-paths";
import { salesPhase } from "./sales";
import type { BenchPhase } from "./types";

/**
 * The bench's phases, run in this order on one harness by bench/run.ts; BENCH_PHASES picks
 * some of them by name. `hot` first: it leaves the consumers drained for the next phase.
 */
export const PHASES: { name: string; run: BenchPhase }[] = [
  { name: "hot", run: hotPhase },
  { name: "sales", run: salesPhase },
  { name: "analytics", run: analyticsPhase },
];
