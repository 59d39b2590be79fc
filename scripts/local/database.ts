import pg from "pg";
import { migrateDatabase } from "../db/migrate";
import { startEmbeddedPostgres } from "./postgres";

export interface LocalDatabase {
  /** Owner role: migrations only. */
  ownerUrl: string;
  /** App role: what the workers and the RLS tests connect as. */
  appUrl: string;
  /** `host:port` of the server, for the WebSocket bridge. */
  target: string;
  embedded: boolean;
  /** The embedded server's data directory (as root it may live outside the checkout). */
  dataDir?: string;
  /** The embedded server's superuser (tests make scratch databases with it); none for DATABASE_URL. */
  superuserUrl?: string;
  stop(): Promise<void>;
}

const OWNER = { user: "rekomi_owner", password: "rekomi-local-owner" };
export const APP_ROLE_PASSWORD = "rekomi-local-app";

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The owner role's URL on an embedded server started by `provisionDatabase`. */
export function embeddedOwnerUrl(port: number): string {
  return `postgres://${OWNER.user}:${OWNER.password}@127.0.0.1:${port}/rekomi`;
}

/** The app role's URL on the same server and database as the owner's. */
export function appRoleUrl(ownerUrl: string): string {
  const u = new URL(ownerUrl);
  u.username = "rekomi_app";
  u.password = APP_ROLE_PASSWORD;
  return u.toString();
}

/**
 * Gives local dev and tests a migrated database with both roles ready. With DATABASE_URL
 * set, that database is used as its owner; otherwise an embedded PostgreSQL is started.
 */
export async function provisionDatabase(opts: { embeddedDir: string; port: number; persistent: boolean }): Promise<LocalDatabase> {
  let ownerUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let dataDir: string | undefined;
  let superuserUrl: string | undefined;
  const embedded = !ownerUrl;
  if (!ownerUrl) {
    const server = await startEmbeddedPostgres({ dir: opts.embeddedDir, port: opts.port, persistent: opts.persistent });
    stop = server.stop;
    dataDir = server.dataDir;
    superuserUrl = server.superuserUrl;
    await withClient(server.superuserUrl, async (c) => {
      const role = await c.query("select 1 from pg_roles where rolname = $1", [OWNER.user]);
      if (role.rowCount === 0) {
        // The owner is not a superuser: with FORCE RLS, even it cannot read across tenants.
        await c.query(`create role ${OWNER.user} login createrole password '${OWNER.password}'`);
      }
      const db = await c.query("select 1 from pg_database where datname = 'rekomi'");
      if (db.rowCount === 0) await c.query(`create database rekomi owner ${OWNER.user}`);
    });
    ownerUrl = embeddedOwnerUrl(opts.port);
  }
  try {
    await migrateDatabase(ownerUrl);
    let appUrl = process.env.APP_DATABASE_URL;
    if (!appUrl) {
      // The migration created rekomi_app without login; the owner (its creator) enables it.
      await withClient(ownerUrl, (c) => c.query(`alter role rekomi_app with login password '${APP_ROLE_PASSWORD}'`));
      appUrl = appRoleUrl(ownerUrl);
    }
    const u = new URL(ownerUrl);
    return { ownerUrl, appUrl, target: `${u.hostname}:${u.port || 5432}`, embedded, dataDir, ...(superuserUrl && { superuserUrl }), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
