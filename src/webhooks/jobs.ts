import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { dueWebhookDeliveries } from "../infra/db/lookups";
import { attemptDelivery } from "./deliver";
import { enqueueDeliveries, type DeliveryMessage } from "./enqueue";
import { describeDbError } from "../infra/db/errors";

/** APP_ENV decides whether local targets may be delivered to (see endpointUrlProblem). */
export type WebhookJobConfig = Pick<AppConfig, "WEBHOOKS" | "SECRETS_ENCRYPTION_KEY" | "APP_ENV">;

/**
 * Consumer of the webhooks queue. A failed attempt is rescheduled as a new delayed message
 * (the schedule outlives a queue's max_retries); only infrastructure errors (database
 * down) use the queue's own retry, and past max_retries land in the dead-letter queue.
 */
export async function consumeWebhookBatch(batch: MessageBatch<DeliveryMessage>, config: WebhookJobConfig, db: Db): Promise<void> {
  for (const message of batch.messages) {
    try {
      const outcome = await attemptDelivery(db, config, message.body);
      if (outcome.kind === "retry") await config.WEBHOOKS.send(message.body, { delaySeconds: outcome.delaySeconds });
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "webhook delivery crashed", delivery_id: message.body.delivery_id, error: describeDbError(err) }));
      message.retry({ delaySeconds: 30 });
    }
  }
}

/** Cron: re-enqueue due deliveries whose message was lost or whose lease expired. */
export async function sweepDueDeliveries(config: WebhookJobConfig, db: Db): Promise<number> {
  const due = await dueWebhookDeliveries(db, 500);
  const byBrand = new Map<string, string[]>();
  for (const r of due) byBrand.set(r.brand_id, [...(byBrand.get(r.brand_id) ?? []), r.delivery_id]);
  for (const [brandId, ids] of byBrand) await enqueueDeliveries(config.WEBHOOKS, brandId, ids);
  return due.length;
}
