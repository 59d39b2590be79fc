import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions, type V4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { PortTaken } from "./ports";

/**
 * Both workers in ONE runtime session: one Miniflare (one workerd) runs the edge worker,
 * the app worker and the queues between them, like production's bindings. Two separate
 * `wrangler dev` sessions only reach each other's queues through the dev registry, which
 * drops messages while a session starts or reloads (a 202 for an event that never reaches
 * Postgres). Miniflare's queue broker lives in memory, so this session is never reloaded:
 * worker code is built once per start (the deployable bundles, as `wrangler deploy` makes
 * them) and dashboard rebuilds are served from disk by the app front (app-front.ts).
 */
export interface WorkersRuntime {
  /** The app worker's own socket (the front on the public app port forwards to it). */
  appWorkerUrl: string;
  edgeUrl: string;
  /** Runs the app worker's scheduled handler, as the every-minute cron would. */
  tickScheduled(): Promise<void>;
  stop(): Promise<void>;
}

function build(root: string, config: string, outdir: string): Promise<void> {
  return new Promise((ok, fail) => {
    const wrangler = join(root, "node_modules", ".bin", "wrangler");
    const child = spawn(wrangler, ["deploy", "--dry-run", "--outdir", outdir, "-c", config], { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", fail);
    child.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`building ${config} failed:\n${output}`))));
  });
}

export async function startWorkers(opts: {
  root: string;
  stateDir: string;
  edgePort: number;
  persistent: boolean;
  appBindings: Record<string, string>;
  edgeBindings: Record<string, string>;
}): Promise<WorkersRuntime> {
  const out = join(opts.stateDir, "build");
  await Promise.all([build(opts.root, "wrangler.toml", join(out, "app")), build(opts.root, "workers/edge/wrangler.toml", join(out, "edge"))]);

  // What each worker's wrangler config declares (queues, R2, assets, flags), read by wrangler.
  const fromConfig = (path: string, bindings: Record<string, string>) => {
    const o = unstable_getMiniflareWorkerOptions(join(opts.root, path)).workerOptions as Record<string, unknown>;
    const picked = Object.fromEntries(["compatibilityDate", "compatibilityFlags", "queueProducers", "queueConsumers", "r2Buckets", "assets"].filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    return { ...picked, bindings: { ...(o.bindings as object), ...bindings } };
  };
  const appScript = join(out, "app", "worker.js");
  const edgeScript = join(out, "edge", "worker.js");
  const options = {
    log: new Log(LogLevel.WARN),
    // R2 (tax forms) and the cache survive restarts of a persistent stack: in the directory
    // where the app's `wrangler dev --persist-to` kept them, so earlier uploads stay readable.
    ...(opts.persistent ? { resourcePersistencePath: join(opts.stateDir, "wrangler", "app", "v3") } : {}),
    workers: [
      { ...fromConfig("workers/edge/wrangler.toml", opts.edgeBindings), name: "rekomi-edge", modules: true, scriptPath: edgeScript, modulesRoot: dirname(edgeScript), unsafeDirectSockets: [{ host: "127.0.0.1", port: opts.edgePort }] },
      // EDGE: the status probe reaches the edge's /healthz through the service binding, as on Cloudflare.
      { ...fromConfig("wrangler.toml", opts.appBindings), serviceBindings: { EDGE: "rekomi-edge" }, name: "rekomi-app", modules: true, scriptPath: appScript, modulesRoot: dirname(appScript), unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] },
    ],
  } as V4MiniflareOptions;
  // cf: false, an offline placeholder for request.cf instead of one fetched from workers.cloudflare.com.
  const mf = new Miniflare({ ...convertV4MiniflareOptions(options), cf: false });
  try {
    await mf.ready;
  } catch (err) {
    await mf.dispose().catch(() => {});
    if (/EADDRINUSE|address already in use/i.test(String(err))) throw new PortTaken(`port ${opts.edgePort} is taken, so the edge worker cannot listen on it: stop what uses it or pick another port (REKOMI_EDGE_PORT=…).`);
    throw err;
  }
  const appWorkerUrl = (await mf.unsafeGetDirectURL("rekomi-app")).origin;
  const edgeUrl = (await mf.unsafeGetDirectURL("rekomi-edge")).origin;
  const app = await mf.getWorker("rekomi-app");
  return {
    appWorkerUrl,
    edgeUrl,
    tickScheduled: async () => {
      await app.scheduled({ cron: "* * * * *" });
    },
    stop: () => mf.dispose(),
  };
}
