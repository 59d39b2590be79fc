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

/** At most one write of the counts per isolate this often: an outage must not add a connection per failed request. */
const FLUSH_EVERY_MS = 10_000;

/** Counts not yet written, by component and minute (`component|minute ISO`). */
let pending = new Map<string, number>();
let flushing: Promise<void> | null = null;
let lastFlush = 0;
let flushStarted = 0;
const STALE_FLUSH_MS = 25_000;

async function write(config: DbBindings, batch: Map<string, number>): Promise<void> {
  const { db, close } = openDb(config);
  try {
    for (const [key, n] of batch) {
      const [component, minute] = key.split("|");
      await db.execute(sql`select status_count_server_errors(${component}, ${minute}::timestamptz, ${n})`);
    }
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "status: server errors not counted", reason: describeDbError(err) }));
  } finally {
    await close().catch(() => {});
  }
}

/**
 * Adds one 5xx to this isolate's tally. The first error after a quiet spell schedules one flush
 * (on that request's waitUntil) no sooner than FLUSH_EVERY_MS after the previous one; errors in
 * between only add to the counts it will write.
 */
function tally(config: DbBindings, component: StatusComponent, waitUntil: (work: Promise<void>) => void): Promise<void> | null {
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const key = `${component}|${minute}`;
  pending.set(key, (pending.get(key) ?? 0) + 1);
  // A flush the runtime cancelled (waitUntil outlived its request) must not stop counting for good.
  if (flushing && Date.now() - flushStarted < STALE_FLUSH_MS) return null;
  const started = (flushStarted = Date.now());
  const flush = (async () => {
    try {
      // Errors that arrive while a batch is written get one more round (bounded: a waitUntil
      // lives ~30 s past its response); later ones start the next flush.
      for (let round = 0; round < 2 && pending.size > 0; round++) {
        const wait = lastFlush + FLUSH_EVERY_MS - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const batch = pending;
        pending = new Map();
        lastFlush = Date.now();
        await write(config, batch);
      }
    } finally {
      if (flushStarted === started) flushing = null;
    }
  })();
  flushing = flush;
  waitUntil(flush);
  return flush;
}

/**
 * Counts every 5xx the app worker answers on the REST API or the dashboard API, per minute:
 * the error-rate signal of the status probe. Counts are batched per isolate and written after
 * the response (waitUntil, its own connection) at most every ~10 s. A count that cannot be
 * written (Postgres is the very thing failing) is logged and dropped; the probe then sees
 * Postgres down instead.
 */
export function countServerErrors(): MiddlewareHandler<{ Variables: ConfigVariables<DbBindings> }> {
  return async function serverErrorCounter(c, next) {
    await next();
    if (c.res.status < 500) return;
    const component = componentOfPath(c.req.path);
    if (!component) return;
    let ctx: { waitUntil(work: Promise<unknown>): void } | null = null;
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = null; // no execution context (app.request in tests without one)
    }
    const flush = tally(c.var.config, component, (work) => ctx?.waitUntil(work));
    if (!ctx && flush) await flush;
  };
}
