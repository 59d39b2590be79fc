import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { openDb, type DbBindings } from "../infra/db/client";
import type { ConfigVariables } from "../infra/env";
import type { StatusComponent } from "./components";
import { describeDbError } from "../infra/db/errors";

/** Which status component a path of the app worker belongs to (null: not counted). */
export function componentOfPath(path: string): StatusComponent | null {
  if (path.startsWith("/v1/") || path === "/v1") return "rest_api";
  if (path.startsWith("/api/") || path.startsWith("/files/")) return "dashboard";
  return null;
}

/**
 * Counts every 5xx the app worker answers on the REST API or the dashboard API, per minute,
 * after the response (waitUntil, its own connection): the error-rate signal of the status
 * probe. A count that cannot be written (Postgres is the very thing failing) is logged and
 * dropped; the probe then sees Postgres down instead.
 */
export function countServerErrors(): MiddlewareHandler<{ Variables: ConfigVariables<DbBindings> }> {
  return async function serverErrorCounter(c, next) {
    await next();
    if (c.res.status < 500) return;
    const component = componentOfPath(c.req.path);
    if (!component) return;
    const { db, close } = openDb(c.var.config);
    const counting = db
      .execute(sql`select status_count_server_error(${component})`)
      .catch((err: unknown) => console.error(JSON.stringify({ level: "error", message: "status: server error not counted", reason: describeDbError(err) })))
      .finally(() => close().catch(() => {}));
    try {
      c.executionCtx.waitUntil(counting);
    } catch {
      await counting; // no execution context (app.request in tests)
    }
  };
}
