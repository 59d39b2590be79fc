import type { Db } from "../infra/db/client";
import type { DeadLetterQueue } from "../infra/db/schema";
import { retryDelaySeconds } from "../infra/jobs/retry";
import type { AcceptedEvent, ClickBatchMessage, ClickRecord, EventBatchMessage } from "../infra/queues/messages";
import type { DeliveryMessage } from "../webhooks/enqueue";
import { recordDeadLetter, type DeadLetterEntry } from "./store";

/** Each dead-letter queue and the queue its messages came from (wrangler.toml). */
export const DEAD_LETTER_QUEUES: Record<string, DeadLetterQueue> = {
  "rekomi-events-dlq": "rekomi-events",
  "rekomi-clicks-dlq": "rekomi-clicks",
  "rekomi-webhooks-dlq": "rekomi-webhooks",
};

const why = (queue: string, attempts: number) => `${queue}: every delivery of this message failed (${attempts}); it reached the dead-letter queue`;

/** The dead letters of one message: per event, per brand's clicks, per webhook delivery; one brandless row when unreadable. */
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
 * Consumer of the dead-letter queues: every message is written to `dead_letters` (visible
 * to its brand and to staff, replayable), then acked. Nothing is acked before it is
 * written; while Postgres is down the message is retried.
 */
export async function drainDeadLetterQueue(batch: MessageBatch<unknown>, db: Db): Promise<void> {
  const queue = DEAD_LETTER_QUEUES[batch.queue]!;
  for (const message of batch.messages) {
    try {
      for (const entry of entriesOf(queue, message)) await recordDeadLetter(db, entry);
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "dead-letter queue message not stored; will retry", queue: batch.queue, error: String(err) }));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
