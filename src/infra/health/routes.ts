import { Hono } from "hono";
import type { DbBindings } from "../db/client";
import type { ConfigEnv } from "../env";

/** Runs `select 1` with the worker's own client (Drizzle's pool in the app, tagged SQL over HTTP at the edge). */
export type DatabasePing = (config: DbBindings, ctx: { waitUntil(p: Promise<unknown>): void }) => PromiseLike<unknown>;

const DB_TIMEOUT_MS = 3000;

/**
 * `GET /healthz`: 200 when Postgres answers, 503 when it does not. The driver's error text
 * (hosts, role names, sometimes more) goes to the log, never into the public answer.
 */
export function healthRoutes(service: string, ping: DatabasePing) {
  const app = new Hono<ConfigEnv<DbBindings>>();
  app.get("/healthz", async (c) => {
    const started = Date.now();
    let database: "ok" | "unreachable" = "ok";
    try {
      await Promise.race([
        ping(c.var.config, c.executionCtx),
        new Promise((_, fail) => setTimeout(() => fail(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS)),
      ]);
    } catch (err) {
      database = "unreachable";
      const reason = err instanceof Error ? err.message : String(err);
      console.error(JSON.stringify({ level: "error", message: "health check: database unreachable", service, reason }));
    }
    const ok = database === "ok";
    return c.json(
      { status: ok ? "ok" : "degraded", service, checks: { database: { status: database, latency_ms: Date.now() - started } } },
      ok ? 200 : 503,
    );
  });
  return app;
}
