import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { describeDbError } from "../infra/db/errors";
import { withBrand } from "../infra/db/principal";
import type { ClickBatchMessage, ClickRecord } from "../infra/queues/messages";
import { clickSigningKey } from "../tracking/click-id";
import { retryDelaySeconds } from "../infra/jobs/retry";
import { hashIp, insertClicks } from "./record";

type Config = Pick<AppConfig, "CLICK_SIGNING_SECRET">;

function isClickBatch(body: unknown): body is ClickBatchMessage {
  const b = body as ClickBatchMessage | undefined;
  return b?.v === 1 && Array.isArray(b.clicks);
}

/**
 * Consumes click messages. Clicks of all messages in the batch are grouped by brand and
 * written under that brand's principal (RLS applies to the jobs too), one transaction per
 * brand. A message is acked only when every brand group it contributed to committed;
 * otherwise it is retried with a delay, which is safe because redelivered clicks are
 * no-ops (see insertClicks). After max_retries it lands in the dead-letter queue.
 */
export async function consumeClicks(batch: MessageBatch<unknown>, config: Config, db: Db): Promise<void> {
  const key = await clickSigningKey(config.CLICK_SIGNING_SECRET);
  const groups = new Map<string, { clicks: (ClickRecord & { ipHash?: string })[]; messages: Set<Message<unknown>> }>();
  const failed = new Set<Message<unknown>>();
  for (const message of batch.messages) {
    if (!isClickBatch(message.body)) {
      console.error(JSON.stringify({ level: "error", message: "malformed click message", queue: batch.queue, message_id: message.id }));
      failed.add(message);
      continue;
    }
    for (const click of message.body.clicks) {
      const group = groups.get(click.brand) ?? { clicks: [], messages: new Set() };
      const { ip, ...rest } = click;
      group.clicks.push({ ...rest, ...(ip ? { ipHash: await hashIp(key, ip) } : {}) });
      group.messages.add(message);
      groups.set(click.brand, group);
    }
  }
  for (const [brandId, group] of groups) {
    try {
      await withBrand(db, brandId, (tx) => insertClicks(tx, group.clicks));
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "clicks not recorded; will retry", brand_id: brandId, clicks: group.clicks.length, error: describeDbError(err) }));
      for (const m of group.messages) failed.add(m);
    }
  }
  for (const message of batch.messages) {
    if (failed.has(message)) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    else message.ack();
  }
}
