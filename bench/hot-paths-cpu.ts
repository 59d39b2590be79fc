import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time of the workerd processes Miniflare spawns, read from /proc (Linux only).
 *
 * Why a process's CPU and not req/s alone: req/s on a shared 2-core machine depends on the
 * load generator and on whoever else runs there; the CPU a request costs the worker
 * process does not, and it is what Workers bill.
 *
 * What it includes: everything that workerd process does, on all its threads: HTTP parsing
 * of the incoming request, the worker's JavaScript, WebCrypto, the queue producer's send,
 * the Postgres round trips the edge makes over the bridge's WebSocket, V8's GC and
 * compilation. The bench reads it on a workerd that runs ONLY the trivial and the edge
 * worker (their queues have no consumer there: Miniflare's broker accepts each send and
 * drops the message), so the app worker's consumers, which are
 * far heavier per event and run concurrently in the main harness's workerd, are not in it.
 * The trivial worker's figure, measured the same way, is the floor: a request that does
 * nothing still costs workerd its HTTP handling.
 */

const CLOCK_TICKS = (() => {
  const out = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const ticks = Number(out.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, clock ticks. */
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null; // exited meanwhile
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split at the last ")".
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const fields = text.slice(close + 2).split(" ");
  // After comm: [0] state, [1] ppid, … [11] utime, [12] stime (fields 14 and 15 of proc(5)).
  return { pid, ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) };
}

/** The pids of workerd processes descending from this Node process. */
export function workerdPids(): number[] {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is ProcStat => s !== null);
  const mine = new Set([process.pid]);
  // Descendants, whatever the depth (Miniflare may spawn workerd directly or through a wrapper).
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of all) {
      if (!mine.has(s.pid) && mine.has(s.ppid)) {
        mine.add(s.pid);
        grew = true;
      }
    }
  }
  return all.filter((s) => s.pid !== process.pid && mine.has(s.pid) && s.comm.startsWith("workerd")).map((s) => s.pid);
}

/** utime + stime of these processes, in microseconds. */
export function cpuMicros(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.ticks ?? 0;
  return (ticks * 1_000_000) / CLOCK_TICKS;
}

/** The resolution of cpuMicros, for the report. */
export const CPU_TICK_MICROS = 1_000_000 / CLOCK_TICKS;
