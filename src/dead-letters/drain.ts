import type { Db } from "../infra/db/client";
import { payoutRunBrand } from "../infra/db/lookups";
import type { DeadLetterQueue } from "../infra/db/schema";
import { retryDelaySeconds } from "../infra/jobs/retry";
import type { AcceptedEvent, ClickBatchMessage, ClickRecord, EventBatchMessage, PayoutMessage } from "../infra/queues/messages";
import type { DeliveryMessage } from "../webhooks/enqueue";
import { recordDeadLetter, type DeadLetterEntry } from "./store";

/** Each dead-letter queue and the queue its messages came from (wrangler.toml). */
export const DEAD_LETTER_QUEUES: Record<string, DeadLetterQueue> = {
  "rekomi-events-dlq": "rekomi-events",
  "rekomi-clicks-dlq": "rekomi-clicks",
  "rekomi-webhooks-dlq": "rekomi-webhooks",
  "rekomi-payouts-dlq": "rekomi-payouts",
};

const why = (queue: string, attempts: number) => `${queue}: every delivery of this message failed (${attempts}); it reached the dead-letter queue`;

/** The dead letters of one message: per event, per brand's clicks, per webhook delivery; one brandless row when unreadable (payouts: payoutEntries). */
function entriesOf(queue: DeadLetterQueue, message: Message<unknown>): DeadLetterEntry[] {
  const attempts = message.attempts;
  const error = why(queue, attempts);
  const body = message.body as Partial<EventBatchMessage & ClickBatchMessage & DeliveryMessage> | undefined;
  if (queue === "rekomi-events" && body?.v === 1 && Array.isArray(body.events)) {
    return body.events.map((event: AcceptedEvent) => ({ brandId: event.brand, queue, dedupeKey: event.id, eventId: event.id, body: { v: 1, events: [event] }, error, attempts }));
  }
  if (queue === "rekomi-clicks" && body?.v === 1 && Array.isArray(body.clicks)) {
    const byBrand = new Map<string, Omit<ClickRecord, "ip">[]>();
    // Client IPs are only ever stored hashed; a dead letter keeps the click without it.
    for (const { ip: _ip, ...click } of body.clicks) byBrand.set(click.brand, [...(byBrand.get(click.brand) ?? []), click]);
    return [...byBrand].map(([brandId, clicks]) => ({ brandId, queue, dedupeKey: `${message.id}:${brandId}`, body: { v: 1, clicks }, error, attempts }));
  }
  if (queue === "rekomi-webhooks" && typeof body?.brand_id === "string" && typeof body.delivery_id === "string") {
    return [{ brandId: body.brand_id, queue, dedupeKey: body.delivery_id, body, error, attempts }];
  }
  return [{ brandId: null, queue, dedupeKey: `message:${message.id}`, body: message.body ?? null, error: `${error}; not a message of that queue`, attempts }];
}

/**
 * A payouts message's dead letter. A run step names its brand (the app wrote it from the
 * run's row). A Stripe event names none, and its payload is not trusted for one: a
 * platform event's `transfer_group` is looked up as a run of this deployment
 * (payout_run_brand), and the brand sees it; an event of a connected account (a creator's,
 * paid by many brands) or of no known run is kept for staff only.
 */
async function payoutEntries(db: Db, message: Message<unknown>): Promise<DeadLetterEntry[] | null> {
  const queue = "rekomi-payouts";
  const body = message.body as Partial<PayoutMessage> | undefined;
  const base = { queue, body, error: why(queue, message.attempts), attempts: message.attempts } as const;
  if (body?.v === 1 && body.kind === "advance_run" && typeof body.brand === "string" && typeof body.run === "string") {
    return [{ ...base, brandId: body.brand, dedupeKey: `advance_run:${body.run}` }];
  }
  if (body?.v === 1 && body.kind === "stripe_event" && typeof body.event?.id === "string") {
    const group = body.event.account === null ? body.event.object?.transfer_group : undefined;
    const brandId = typeof group === "string" ? await payoutRunBrand(db, group) : null;
    return [{ ...base, brandId, dedupeKey: body.event.id }];
  }
  return null;
}

/**
 * Consumer of the dead-letter queues: every message is written to `dead_letters` (visible
 * to its brand and to staff, replayable), then acked. Nothing is acked before it is
 * written; while Postgres is down the message is retried.
 */
export async function drainDeadLetterQueue(batch: MessageBatch<unknown>, db: Db): Promise<void> {
  const queue = DEAD_LETTER_QUEUES[batch.queue]!;
  for (const message of batch.messages) {
    try {
      const entries = (queue === "rekomi-payouts" ? await payoutEntries(db, message) : null) ?? entriesOf(queue, message);
      for (const entry of entries) await recordDeadLetter(db, entry);
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "dead-letter queue message not stored; will retry", queue: batch.queue, error: String(err) }));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
