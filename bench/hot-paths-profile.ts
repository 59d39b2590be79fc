import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";

/**
 * BENCH_PROFILE=<dir>: V8 CPU profiles of the edge worker (workerd's inspector, Miniflare's
 * `inspectorPort`) while a scenario runs on the edge-only workerd, written as
 * <dir>/<scenario>.cpuprofile (open in Chrome DevTools) with the top self-time functions
 * printed. Only JavaScript is sampled: workerd's own C++ (HTTP, sockets) shows as
 * "(program)". Profiling slows the worker, so profiled runs are not the measured ones.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

async function edgeTarget(port: number): Promise<string> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { id: string; title?: string; webSocketDebuggerUrl?: string }[];
  const edge = targets.find((t) => (t.title ?? t.id).includes("rekomi-edge")) ?? targets.find((t) => !(t.title ?? t.id).includes("trivial"));
  if (!edge) throw new Error(`no edge worker among the inspector's targets: ${JSON.stringify(targets)}`);
  return edge.webSocketDebuggerUrl ?? `ws://127.0.0.1:${port}/${edge.id}`;
}

/** The edge isolate's V8 heap (used, total), in MiB. */
export async function edgeHeapMiB(port: number): Promise<{ used: number; total: number }> {
  let heap = { usedSize: 0, totalSize: 0 };
  await profileEdge(port, async () => undefined, async (send) => {
    heap = (await send("Runtime.getHeapUsage")) as typeof heap;
  });
  return { used: Math.round(heap.usedSize / 2 ** 20), total: Math.round(heap.totalSize / 2 ** 20) };
}

/** Runs `during` with the edge worker's profiler on; returns the profile. */
export async function profileEdge(port: number, during: () => Promise<unknown>, inspect?: (send: (method: string, params?: object) => Promise<unknown>) => Promise<void>): Promise<Profile> {
  const socket = new WebSocket(await edgeTarget(port));
  await new Promise((ok, fail) => socket.once("open", ok).once("error", fail));
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((ok) => {
      const id = next++;
      pending.set(id, ok);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    if (inspect) {
      await inspect(send);
      return { nodes: [], startTime: 0, endTime: 0 };
    }
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 100 });
    await send("Profiler.start");
    await during();
    return ((await send("Profiler.stop")) as { profile: Profile }).profile;
  } finally {
    socket.close();
  }
}

/** The functions with the most self time, as lines `share  µs  function  file:line`. */
export function topSelfTime(profile: Profile, limit = 20): string[] {
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples?.length ?? 0;
  const perSample = total ? (profile.endTime - profile.startTime) / total : 0;
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? node.hitCount ?? 0;
    if (!n) continue;
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"}  ${f.url.split("/").pop() ?? ""}:${f.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, n]) => `${((100 * n) / Math.max(total, 1)).toFixed(1).padStart(5)} %  ${Math.round(n * perSample).toLocaleString("en-US").padStart(9)} µs  ${key}`);
}

export function saveProfile(dir: string, name: string, profile: Profile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.cpuprofile`);
  writeFileSync(path, JSON.stringify(profile));
  return path;
}
