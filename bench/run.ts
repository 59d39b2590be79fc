import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, release, tmpdir, totalmem, type as osType } from "node:os";
import { dirname, join } from "node:path";
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions, type V4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { startDbBridgeProcess } from "../scripts/local/bridge";
import { provisionDatabase } from "../scripts/local/database";
import { freePort } from "../scripts/local/ports";
import { seedDemo } from "../scripts/local/seed";
import { ROOT } from "../scripts/local/stack";
import { withUnit } from "../scripts/bench-publish";
import { cpuMicros, workerdPids } from "./hot-paths-cpu";
import { PHASES } from "./phases";
import { rowMet, type BenchHarness, type BenchRow, type EdgeOnlyWorkerd } from "./types";

/**
 * `npm run bench`: builds ONE harness and runs the phases of bench/phases.ts in order
 * (`hot`: redirect and ingest against a trivial worker; then the pipeline phases), writing
 * every phase's rows, each with its target, to bench/results.json. `npm run bench:publish`
 * turns that file into the README's and docs/performance.md's table.
 *
 * Harness: Miniflare (workerd) running the deployable bundles that `wrangler deploy`
 * builds, each worker on its own direct socket (no dev proxy, no request logging: those
 * cap `wrangler dev` near 850 req/s and would measure the proxy, not the worker). The
 * trivial worker, the edge worker and the app worker (queue consumers) share one workerd,
 * the real embedded Postgres and the database bridge (scripts/local/bridge.ts, in a Node
 * process of its own, not this one's event loop, which autocannon keeps busy), so every
 * ratio is like for like.
 *
 * Environment: BENCH_PHASES (comma-separated names, default all, e.g. `hot,sales`), and
 * each phase's own (bench/hot-paths.ts: BENCH_REQUESTS, BENCH_ROUNDS, BENCH_CONNECTIONS,
 * BENCH_DRAIN_SECONDS).
 *
 * BENCH_PG_AUTH=scram keeps the embedded Postgres's SCRAM sign-in (see authenticateLikeNeon).
 *
 * Exit code: non-zero when a phase reports an integrity failure (a click, event, sale or
 * commission lost) or throws; a missed target is printed as missed and is not a failure.
 */

const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const TRIVIAL = `export default { fetch: () => new Response(null, { status: 302, headers: { location: "https://acme.example/pricing?ref=partners" } }) };`;
const HARNESS =
  "Miniflare (workerd) direct sockets, wrangler-built bundles, one workerd for the trivial, edge and app workers (queue consumers), PostgreSQL through the local bridge (WebSocket for the app, SQL over HTTP for the edge) in its own Node process; the hot paths' req/s and CPU from a second workerd running only the trivial and edge workers; load from autocannon on the same machine";

const log = (line: string) => console.log(`[bench] ${line}`);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

/** The bundles `wrangler deploy` would upload. */
function buildBundles(dir: string): { edge: string; app: string } {
  if (!existsSync(join(ROOT, "web", "dist", "index.html"))) run(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
  const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
  run(wrangler, ["deploy", "--dry-run", "--outdir", join(dir, "edge"), "-c", "workers/edge/wrangler.toml"]);
  run(wrangler, ["deploy", "--dry-run", "--outdir", join(dir, "app"), "-c", "wrangler.toml"]);
  return { edge: join(dir, "edge", "worker.js"), app: join(dir, "app", "worker.js") };
}

/**
 * The workers' Postgres role signs in with its password in clear on the loopback, the way
 * Neon's proxy signs in the serverless driver (over TLS, pipelined: `pipelineConnect:
 * "password"`). The embedded server's default, SCRAM, makes the driver compute PBKDF2 in
 * the isolate as 4,096 awaited WebCrypto calls: about 20 ms of CPU per connection, and the
 * app worker's queue consumers open a pool per batch (a Worker keeps no socket across
 * invocations). That would measure a cost production does not pay. The edge opens no
 * connection: each query is one HTTP request to the SQL endpoint (src/infra/edge/sql.ts),
 * which the bridge answers from its own Node pool, so the edge's CPU does not depend on
 * this. BENCH_PG_AUTH=scram keeps SCRAM to see it. Only on the embedded (throw-away) server.
 */
async function authenticateLikeNeon(database: { embedded: boolean; dataDir?: string | undefined; appUrl: string }): Promise<boolean> {
  if (!database.embedded || !database.dataDir) return false;
  const hba = join(database.dataDir, "pg_hba.conf");
  const role = decodeURIComponent(new URL(database.appUrl).username);
  writeFileSync(hba, `host all ${role} 127.0.0.1/32 password\n${readFileSync(hba, "utf8")}`);
  const postmaster = Number(readFileSync(join(database.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(postmaster, "SIGHUP"); // reread pg_hba.conf
  await new Promise((r) => setTimeout(r, 500));
  return true;
}

/** What the run ran on, for the published table. */
function describeMachine(): Record<string, string | number> {
  let os = `${osType()} ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) os = `${pretty} (${os})`;
  } catch {
    // not Linux: the kernel's name will do
  }
  return { cpu: cpus()[0]?.model.trim() ?? "unknown", cores: cpus().length, memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version, os };
}

/** The phases BENCH_PHASES names, in the registry's order; an unknown name is an error. */
function selectedPhases(): typeof PHASES {
  const wanted = process.env.BENCH_PHASES?.split(",").map((name) => name.trim()).filter(Boolean);
  if (!wanted?.length) return PHASES;
  const unknown = wanted.filter((name) => !PHASES.some((p) => p.name === name));
  if (unknown.length) throw new Error(`BENCH_PHASES: no phase ${unknown.join(", ")} (there are ${PHASES.map((p) => p.name).join(", ")})`);
  return PHASES.filter((p) => wanted.includes(p.name));
}

async function main() {
  const phases = selectedPhases();
  const work = mkdtempSync(join(tmpdir(), "rekomi-bench-"));
  chmodSync(work, 0o755); // as root, Postgres runs as `postgres` and must enter it
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
  const failures: string[] = [];
  const detail: Record<string, unknown> = {};
  const rows: { phase: string; row: BenchRow }[] = [];
  try {
    log(`phases: ${phases.map((p) => p.name).join(", ")}`);
    log(`building the deployable bundles…`);
    const bundles = buildBundles(join(work, "dist"));

    log("starting embedded PostgreSQL and the bridge…");
    const database = await provisionDatabase({ embeddedDir: join(work, "pgdata"), port: await freePort(), persistent: false });
    cleanups.unshift(database.stop);
    const signIn = process.env.BENCH_PG_AUTH !== "scram" && (await authenticateLikeNeon(database)) ? "cleartext password on the loopback, as through Neon's proxy" : "SCRAM-SHA-256";
    const bridge = await startDbBridgeProcess(await freePort(), [database.target]);
    cleanups.unshift(bridge.close);
    const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
    const secrets = { SECRETS_ENCRYPTION_KEY: random(), CLICK_SIGNING_SECRET: random(), SESSION_SECRET: random(), PASSWORD_PEPPER: random(), FILE_URL_SECRET: random() };
    const demo = await seedDemo(database.appUrl, secrets.PASSWORD_PEPPER, {}, secrets.SECRETS_ENCRYPTION_KEY);
    const bindings = { ...secrets, DATABASE_URL: database.appUrl, LOCAL_DB_BRIDGE: `127.0.0.1:${bridge.port}`, APP_ENV: "development", EMAIL_TRANSPORT: "mailbox" };

    // What each worker's wrangler config declares (queues, assets, flags), from wrangler itself.
    const fromConfig = (path: string) => {
      const o = unstable_getMiniflareWorkerOptions(join(ROOT, path)).workerOptions as Record<string, unknown>;
      const picked = Object.fromEntries(["compatibilityDate", "compatibilityFlags", "queueProducers", "queueConsumers", "r2Buckets", "assets"].filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
      return { ...picked, compatibilityDate: o.compatibilityDate as string, bindings: { ...(o.bindings as object), ...bindings } };
    };
    const edge = fromConfig("workers/edge/wrangler.toml");
    const app = fromConfig("wrangler.toml");
    const direct = [{ host: "127.0.0.1", port: 0 }];
    const trivialWorker = { name: "trivial", modules: true, script: TRIVIAL, compatibilityDate: edge.compatibilityDate, unsafeDirectSockets: direct };
    // The edge reaches the bridge through a binding, not a global fetch(): Miniflare runs every
    // global fetch through an outbound worker of its own first (another isolate, in this
    // workerd's CPU), which a deployed worker's fetch to Neon does not pass through.
    const bridgeService = { LOCAL_DB_BRIDGE_SERVICE: { external: { address: `127.0.0.1:${bridge.port}`, http: {} } } };
    const edgeWorker = { ...edge, name: "rekomi-edge", modules: true, scriptPath: bundles.edge, modulesRoot: dirname(bundles.edge), unsafeDirectSockets: direct, serviceBindings: bridgeService };
    const appWorker = { ...app, name: "rekomi-app", modules: true, scriptPath: bundles.app, modulesRoot: dirname(bundles.app), unsafeDirectSockets: direct };
    // Options in Miniflare's v4 shape, which wrangler's config reader produces.
    const start = async (workers: object[], inspectorPort?: number) => {
      const before = new Set(workerdPids());
      const mf = new Miniflare(convertV4MiniflareOptions({ log: new Log(LogLevel.WARN), workers, ...(inspectorPort ? { inspectorPort } : {}) } as V4MiniflareOptions));
      await mf.ready;
      const pids = workerdPids().filter((pid) => !before.has(pid));
      const withApp = workers.includes(appWorker);
      return {
        mf,
        pids,
        trivialUrl: (await mf.unsafeGetDirectURL("trivial")).origin,
        edgeUrl: (await mf.unsafeGetDirectURL("rekomi-edge")).origin,
        appUrl: withApp ? (await mf.unsafeGetDirectURL("rekomi-app")).origin : undefined,
      };
    };
    const main = await start([trivialWorker, edgeWorker, appWorker]);
    cleanups.unshift(() => main.mf.dispose());

    const first = await fetch(`${main.edgeUrl}/c/${demo.link_code}`, { redirect: "manual", headers: { "user-agent": BROWSER } });
    if (first.status !== 302) throw new Error(`the demo link answered ${first.status}: ${await first.text()}`);
    const clickId = new URL(first.headers.get("location")!).searchParams.get("rk_click")!;

    const harness: BenchHarness = {
      edgeUrl: main.edgeUrl,
      appUrl: main.appUrl,
      trivialUrl: main.trivialUrl,
      database,
      demo,
      clickId,
      secrets,
      log,
      startEdgeOnly: async (opts = {}): Promise<EdgeOnlyWorkerd> => {
        // The edge's queues have no consumer in this workerd: messages stay in its memory.
        const { mf, pids, trivialUrl, edgeUrl } = await start([trivialWorker, edgeWorker], opts.inspectorPort);
        if (pids.length === 0) throw new Error("could not find the edge-only workerd process in /proc");
        return { trivialUrl, edgeUrl, cpuMicros: () => cpuMicros(pids), dispose: () => mf.dispose() };
      },
      record: (key, value) => {
        detail[key] = value;
      },
      fail: (reason) => {
        log(`INTEGRITY FAILURE: ${reason}`);
        failures.push(reason);
      },
    };

    for (const phase of phases) {
      log(`── phase ${phase.name} ──`);
      try {
        for (const row of await phase.run(harness)) rows.push({ phase: phase.name, row });
      } catch (err) {
        harness.fail(`phase ${phase.name} threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }

    const results = {
      measured_at: new Date().toISOString(),
      machine: describeMachine(),
      harness: `${HARNESS}; the workers' Postgres sign-in: ${signIn}`,
      phases: phases.map((p) => p.name),
      rows: rows.map(({ phase, row }) => ({ phase, ...row, met: rowMet(row) })),
      integrity_failures: failures,
      ...detail,
    };
    await writeFile(join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");

    const table = rows.map(({ row }) => [row.what, withUnit(row.value, row.unit), `${row.target.op === ">=" ? "≥" : "≤"} ${withUnit(row.target.value, row.unit)}`, rowMet(row) ? "met" : "MISSED"]);
    const widths = [0, 1, 2].map((i) => Math.max(...table.map((cells) => cells[i]!.length), 0));
    console.log(`\n  ${results.measured_at}, ${String(results.machine.cpu)} × ${results.machine.cores}`);
    for (const [i, cells] of table.entries()) {
      console.log(`  ${cells[0]!.padEnd(widths[0]!)}  ${cells[1]!.padStart(widths[1]!)}  target ${cells[2]!.padEnd(widths[2]!)}  ${cells[3]}`);
      if (rows[i]!.row.note) console.log(`      ${rows[i]!.row.note}`);
    }
    console.log(`\n  integrity: ${failures.length === 0 ? "nothing lost" : failures.join("; ")}\n  written to bench/results.json (npm run bench:publish puts it in the README)\n`);
  } catch (err) {
    failures.push(String(err));
    throw err;
  } finally {
    if (failures.length > 0) process.exitCode = 1;
    for (const fn of cleanups) await fn().catch((err) => log(`cleanup: ${String(err)}`));
  }
}

await main();
