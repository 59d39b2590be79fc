import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { openDb, type DbBindings } from "../db/client";
import type { ConfigEnv } from "../env";

const DB_TIMEOUT_MS = 3000;

/**
 * `GET /healthz`: 200 when Postgres answers, 503 when it does not. The driver's error text
 * (hosts, role names, sometimes more) goes to the log, never into the public answer.
 */
export function healthRoutes(service: string) {
  const app = new Hono<ConfigEnv<DbBindings>>();
  app.get("/healthz", async (c) => {
    const started = Date.now();
    const { db, close } = openDb(c.var.config);
    let database: "ok" | "unreachable" = "ok";
    try {
      await Promise.race([
        db.execute(sql`select 1`),
        new Promise((_, fail) => setTimeout(() => fail(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS)),
      ]);
    } catch (err) {
      database = "unreachable";
      const reason = err instanceof Error ? err.message : String(err);
      console.error(JSON.stringify({ level: "error", message: "health check: database unreachable", service, reason }));
    } finally {
      c.executionCtx.waitUntil(close().catch(() => {}));
    }
    const ok = database === "ok";
    return c.json(
      { status: ok ? "ok" : "degraded", service, checks: { database: { status: database, latency_ms: Date.now() - started } } },
      ok ? 200 : 503,
    );
  });
  return app;
}
