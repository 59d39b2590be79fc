import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { retryDelaySeconds } from "../../infra/jobs/retry";
import type { PayoutMessage, PlatformStripeEvent } from "../../infra/queues/messages";
import { advanceRun } from "../execute/advance";
import { STRIPE_EVENT_HANDLERS } from "./dispatch";
import { describeDbError } from "../../infra/db/errors";

/** Applies one Stripe event through its handler; an unknown type is acknowledged (logged at debug). */
export async function dispatchStripeEvent(event: PlatformStripeEvent, deps: { config: AppConfig; db: Db }): Promise<void> {
  const handler = STRIPE_EVENT_HANDLERS[event.type];
  if (!handler) {
    console.log(JSON.stringify({ level: "debug", message: "Stripe event type not used by payouts; acknowledged", event_id: event.id, type: event.type }));
    return;
  }
  await handler(event, deps);
}

async function handle(message: PayoutMessage, config: AppConfig, db: Db): Promise<void> {
  if (message.kind === "advance_run") return advanceRun(config, db, message.brand, message.run);
  if (message.kind === "stripe_event") return dispatchStripeEvent(message.event, { config, db });
  // Never dropped: retried, then kept in dead_letters for staff.
  throw new Error("not a payouts message");
}

/**
 * Consumer of queue `rekomi-payouts`: run steps and Stripe's events, each acknowledged once
 * applied. A thrown error (Stripe or Postgres unreachable, a transient refusal) retries the
 * message with backoff; every step is idempotent, so a retry repeats nothing. After the
 * queue's max_retries the message lands in `rekomi-payouts-dlq`, drained into dead_letters.
 */
export async function consumePayoutMessages(batch: MessageBatch<unknown>, config: AppConfig, db: Db): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body as PayoutMessage;
    try {
      await handle(body, config, db);
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "payouts message failed; will retry", kind: body?.kind, attempts: message.attempts, error: describeDbError(err) }));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
