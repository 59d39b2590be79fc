import { Pool, neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-serverless";
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

/**
 * Opens a pool for one request (Workers cannot keep sockets across requests). The caller
 * must `close()` it, normally through `ctx.waitUntil`.
 */
export function openDb(config: DbBindings): { db: Db; close: () => Promise<void> } {
  if (config.LOCAL_DB_BRIDGE) useLocalBridge(config.LOCAL_DB_BRIDGE);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 4 });
  let closing = false;
  // An idle client's error must not become an unhandled rejection that kills the isolate.
  // Sockets dropping while we close the pool are expected and not worth a log line.
  pool.on("error", (err: unknown) => {
    if (closing) return;
    const message = (err as { message?: string })?.message ?? String(err);
    console.error(JSON.stringify({ level: "error", message: "postgres pool error", error: message }));
  });
  const close = () => {
    closing = true;
    return pool.end();
  };
  return { db: drizzle({ client: pool, ...drizzleOptions }), close };
}

/** `select 1` on a pool of its own, closed after the answer (the app's /healthz). */
export async function pingDb(config: DbBindings, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<void> {
  const { db, close } = openDb(config);
  try {
    await db.execute(sql`select 1`);
  } finally {
    ctx.waitUntil(close().catch(() => {}));
  }
}
