import type { Context } from "hono";
import { openDb } from "../infra/db/client";
import { appEnv } from "../infra/env";
import { deliverOutbox } from "./outbox";
import { emailFrom, senderFor } from "./transports";

/** After the response, tries to deliver the mail a request just committed. */
export function deliverAfterResponse(c: Context, ids: string[]): void {
  deliverSoon({ env: c.env as object, waitUntil: (work) => c.executionCtx.waitUntil(work) }, ids);
}

/** `deliverAfterResponse` for code that holds the bindings and `waitUntil` rather than the Hono context (brand operations). */
export function deliverSoon(request: { env: object; waitUntil(work: Promise<unknown>): void }, ids: string[]): void {
  const env = appEnv(request.env);
  const sender = senderFor(env);
  if (!sender || ids.length === 0) return;
  const work = (async () => {
    // Its own pool: the request's pool closes when the response is sent.
    const { db, close } = openDb(env);
    try {
      await deliverOutbox(db, sender, emailFrom(env), ids);
    } finally {
      await close();
    }
  })().catch((err) => console.error(JSON.stringify({ level: "error", message: "email delivery pass failed", error: String(err) })));
  request.waitUntil(work);
}
