import { Client, Pool, neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { NeonSession, NeonTransaction, drizzle } from "drizzle-orm/neon-serverless";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/** Any drizzle Postgres database over our schema: Neon in workers, node-postgres in tooling. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Options every drizzle instance must share: columns are camelCase in TS, snake_case in SQL. */
export const drizzleOptions = { schema, casing: "snake_case" } as const;

export interface DbBindings {
  DATABASE_URL: string;
  LOCAL_DB_BRIDGE?: string | undefined;
}

let bridgeConfigured: string | undefined;

/** Local dev only: route the driver's WebSocket through scripts/local/bridge.ts. */
function useLocalBridge(bridge: string): void {
  if (bridgeConfigured === bridge) return;
  neonConfig.wsProxy = (host, port) => `${bridge}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  bridgeConfigured = bridge;
}

/** Local connection strings whose server asked this isolate for a cleartext password. */
const cleartextTargets = new Set<string>();
const localClients = new Map<string, typeof Client>();

/**
 * Locally the driver cannot assume what Neon's proxy guarantees (a cleartext password
 * sign-in, so that startup, password and first query go in one write: `pipelineConnect`),
 * because a local Postgres may ask for SCRAM. The first connection to a target signs in
 * the ordinary way; once that target has asked for a cleartext password (the bench's
 * server, like Neon's proxy), later connections to it in this isolate pipeline, saving two
 * round trips per request. A SCRAM target never pipelines. Keyed by the whole connection
 * string: two roles on one server may sign in differently.
 */
function localClient(connectionString: string): typeof Client {
  let LocalClient = localClients.get(connectionString);
  if (LocalClient) return LocalClient;
  LocalClient = class extends Client {
    override connect(...args: [] | [(err?: Error) => void]): never {
      if (cleartextTargets.has(connectionString)) this.neonConfig.pipelineConnect = "password";
      else this.connection.once("authenticationCleartextPassword", () => cleartextTargets.add(connectionString));
      return (super.connect as (...a: unknown[]) => never)(...args);
    }
  };
  localClients.set(connectionString, LocalClient);
  return LocalClient;
}

/**
 * Opens a pool for one request (Workers cannot keep sockets across requests). The caller
 * must `close()` it, normally through `ctx.waitUntil`.
 */
export function openDb(config: DbBindings): { db: Db; close: () => Promise<void> } {
  if (config.LOCAL_DB_BRIDGE) useLocalBridge(config.LOCAL_DB_BRIDGE);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 4 });
  // The pool takes its client class from this field (its constructor sets it over any option).
  if (config.LOCAL_DB_BRIDGE) (pool as unknown as { Client: typeof Client }).Client = localClient(config.DATABASE_URL);
  let closing = false;
  // An idle client's error must not become an unhandled rejection that kills the isolate.
  // Sockets dropping while we close the pool are expected and not worth a log line.
  pool.on("error", (err: unknown) => {
    if (closing) return;
    const message = (err as { message?: string })?.message ?? String(err);
    console.error(JSON.stringify({ level: "error", message: "postgres pool error", error: message }));
  });
  const db = drizzle({ client: pool, ...drizzleOptions });
  requestPools.set(db, pool);
  const close = () => {
    closing = true;
    return pool.end();
  };
  return { db, close };
}

/** The per-request pools behind `openDb`'s databases (tooling's node-postgres ones are not here). */
const requestPools = new WeakMap<object, Pool>();

/**
 * A transaction whose BEGIN travels with its first statement, `firstSql`, in one simple-
 * protocol message: one round trip instead of two (Postgres runs the message's statements
 * in order; BEGIN makes the rest of the message part of the transaction it opens). `firstSql`
 * is sent as it is, without parameters: the caller builds it from vetted literals only.
 * Answers NOT_OURS for a database that is not `openDb`'s (the caller then takes drizzle's
 * `transaction`). Any error rolls back.
 *
 * It commits before answering, as drizzle's does. `readOnly` opens it READ ONLY: Postgres
 * refuses any write in it. (Its COMMIT is still awaited: leaving it for later would keep a
 * transaction, and its locks, open while a request reads an upload or a client reads a CSV
 * stream, and a dropped idle connection would raise an error nothing listens for.)
 */
export async function transactionStartingWith<T>(db: Db, firstSql: string, fn: (tx: Tx) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T | typeof NOT_OURS> {
  const pool = requestPools.get(db);
  if (!pool) return NOT_OURS;
  const client = await pool.connect();
  // A connection whose transaction could not be closed is not handed back to the pool.
  let broken: Error | undefined;
  try {
    try {
      await client.query(`begin${opts.readOnly ? " read only" : ""}; ${firstSql}`);
    } catch (err) {
      broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
    const internals = db as unknown as { dialect: ConstructorParameters<typeof NeonSession>[1]; _: { schema: unknown; fullSchema: unknown; tableNamesMap: unknown }; session: { options: ConstructorParameters<typeof NeonSession>[3] } };
    const schema = { schema: internals._.schema, fullSchema: internals._.fullSchema, tableNamesMap: internals._.tableNamesMap } as ConstructorParameters<typeof NeonSession>[2];
    const tx = new NeonTransaction(internals.dialect, new NeonSession(client, internals.dialect, schema, internals.session.options), schema) as unknown as Tx;
    try {
      const result = await fn(tx);
      await client.query("commit");
      return result;
    } catch (err) {
      await client.query("rollback").catch((rollbackErr: Error) => (broken = rollbackErr));
      throw err;
    }
  } finally {
    client.release(broken);
  }
}

export const NOT_OURS: unique symbol = Symbol("not an openDb database");

/** `select 1` on a pool of its own, closed after the answer (the app's /healthz). */
export async function pingDb(config: DbBindings, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<void> {
  const { db, close } = openDb(config);
  try {
    await db.execute(sql`select 1`);
  } finally {
    ctx.waitUntil(close().catch(() => {}));
  }
}
