import type { Context } from "hono";
import type { AppConfig, AppConfigEnv } from "../infra/app/config";
import { openDb } from "../infra/db/client";
import { deliverOutbox } from "./outbox";
import { senderFor } from "./transports";
import { describeDbError } from "../infra/db/errors";

/** After the response, tries to deliver the mail a request just committed. */
export function deliverAfterResponse<E extends AppConfigEnv>(c: Context<E>, ids: string[]): void {
  deliverSoon({ config: c.var.config, waitUntil: (work) => c.executionCtx.waitUntil(work) }, ids);
}

/** `deliverAfterResponse` for code that holds the config and `waitUntil` rather than the Hono context (brand operations). */
export function deliverSoon(request: { config: AppConfig; waitUntil(work: Promise<unknown>): void }, ids: string[]): void {
  const config = request.config;
  const sender = senderFor(config);
  if (!sender || ids.length === 0) return;
  const work = (async () => {
    // Its own pool: the request's pool closes when the response is sent.
    const { db, close } = openDb(config);
    try {
      await deliverOutbox(db, sender, config.EMAIL_FROM, ids);
    } finally {
      await close();
    }
  })().catch((err) => console.error(JSON.stringify({ level: "error", message: "email delivery pass failed", error: describeDbError(err) })));
  request.waitUntil(work);
}
