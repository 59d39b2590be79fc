import { accrueCommissions } from "../commissions/accrue";
import type { Db } from "../db/client";
import { describeDbError } from "../db/errors";
import { withBrand } from "../db/principal";
import { retryDelaySeconds } from "../jobs/retry";
import type { AcceptedEvent, EventBatchMessage } from "../queues/messages";
import { clickSigningKey } from "../tracking/click-id";
import { enqueueDeliveries } from "../webhooks/enqueue";
import { recordEvent } from "./events";

type Env = { CLICK_SIGNING_SECRET: string; WEBHOOKS: Queue };

function isEventBatch(body: unknown): body is EventBatchMessage {
  const b = body as EventBatchMessage | undefined;
  return b?.v === 1 && Array.isArray(b.events);
}

/**
 * Consumes event messages in order. Each message's events are recorded per brand, in one
 * transaction per brand (under that brand's principal, taken from the signing key, never
 * from the payload), together with the commissions they call for and the webhook events
 * of the new conversions and commissions. A message
 * is acked only after all of its transactions committed; otherwise it is retried with a
 * delay. Retrying is safe: events already recorded are no-ops on redelivery (unique
 * brand + webhook-id), so nothing is counted or announced twice.
 */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env, db: Db): Promise<void> {
  const key = await clickSigningKey(env.CLICK_SIGNING_SECRET);
  for (const message of batch.messages) {
    if (!isEventBatch(message.body)) {
      console.error(JSON.stringify({ level: "error", message: "malformed event message", queue: batch.queue, message_id: message.id }));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      continue;
    }
    const byBrand = new Map<string, AcceptedEvent[]>();
    for (const event of message.body.events) byBrand.set(event.brand, [...(byBrand.get(event.brand) ?? []), event]);
    const deliveries = new Map<string, string[]>();
    try {
      for (const [brandId, events] of byBrand) {
        await withBrand(db, brandId, async (tx) => {
          const ids: string[] = [];
          for (const event of events) {
            const recorded = await recordEvent(tx, key, event);
            ids.push(...recorded.deliveries, ...(await accrueCommissions(tx, event, recorded.outcome)));
            // A duplicate is a normal outcome (redelivery, a sender's retry): logged, not an error.
            if (recorded.outcome !== "recorded") console.log(JSON.stringify({ level: "info", message: "event already recorded", outcome: recorded.outcome, event_id: event.id, brand_id: brandId }));
          }
          deliveries.set(brandId, ids);
        });
      }
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "events not recorded; will retry", message_id: message.id, attempts: message.attempts, error: describeDbError(err) }));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      continue;
    }
    // After commit: webhooks for the new conversions. A lost enqueue is harmless, since the
    // cron sweeper finds due deliveries in Postgres.
    for (const [brandId, ids] of deliveries) {
      await enqueueDeliveries(env.WEBHOOKS, brandId, ids).catch((err: unknown) =>
        console.error(JSON.stringify({ level: "warn", message: "webhook enqueue failed; the sweeper will retry", error: String(err) })),
      );
    }
  }
}
