import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { openDb, type DbBindings } from "../db/client";

const DB_TIMEOUT_MS = 3000;

/** `GET /healthz`: 200 when Postgres answers, 503 with the reason when it does not. */
export function healthRoutes(service: string) {
  const app = new Hono<{ Bindings: DbBindings }>();
  app.get("/healthz", async (c) => {
    const started = Date.now();
    const { db, close } = openDb(c.env);
    let database: "ok" | "unreachable" = "ok";
    let detail: string | undefined;
    try {
      await Promise.race([
        db.execute(sql`select 1`),
        new Promise((_, fail) => setTimeout(() => fail(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS)),
      ]);
    } catch (err) {
      database = "unreachable";
      detail = err instanceof Error ? err.message : String(err);
    } finally {
      c.executionCtx.waitUntil(close().catch(() => {}));
    }
    const ok = database === "ok";
    return c.json(
      { status: ok ? "ok" : "degraded", service, checks: { database: { status: database, latency_ms: Date.now() - started, ...(detail && { detail }) } } },
      ok ? 200 : 503,
    );
  });
  return app;
}
