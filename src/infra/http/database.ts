import type { MiddlewareHandler } from "hono";
import { openDb, type Db, type DbBindings } from "../db/client";
import type { ConfigVariables } from "../env";

export type DbVariables = { db: () => Db };

/**
 * Gives handlers `c.var.db()`: a pool opened on first use and closed after the response
 * (through waitUntil), so routes that never touch Postgres never connect.
 */
export function database(): MiddlewareHandler<{ Variables: DbVariables & ConfigVariables<DbBindings> }> {
  return async function databaseMiddleware(c, next) {
    let opened: ReturnType<typeof openDb> | undefined;
    c.set("db", () => (opened ??= openDb(c.var.config)).db);
    try {
      await next();
    } finally {
      if (opened) {
        const closing = opened.close().catch(() => {});
        try {
          c.executionCtx.waitUntil(closing);
        } catch {
          await closing; // no execution context (app.request in unit tests)
        }
      }
    }
  };
}
