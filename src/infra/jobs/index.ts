import { consumeEvents } from "../../attribution/consumer";
import { consumeClicks } from "../../clicks/consumer";
import { approveDueCommissions } from "../../commissions/approval-job";
import type { AppConfig } from "../app/config";
import { openDb } from "../db/client";
import { DEAD_LETTER_QUEUES, drainDeadLetterQueue } from "../../dead-letters/drain";
import { runAccountHousekeeping } from "../../email/scheduled";
import { pollBraintreeRefunds } from "../../gateways/braintree/poll";
import { noticeStaffOfHelp } from "../../help/staff-notice";
import { consumePayoutMessages } from "../../payouts/events/consumer";
import { sweepMovingRuns } from "../../payouts/execute/sweep";
import { openScheduledRuns } from "../../payouts/schedule";
import type { DeliveryMessage } from "../../webhooks/enqueue";
import { purgeExpiredRecords } from "./retention";
import { pruneStatusProbes, recordStatusProbe } from "../../status/probe";
import { consumeWebhookBatch, sweepDueDeliveries } from "../../webhooks/jobs";

/** Queue names as declared in wrangler.toml. */
export const QUEUES = { webhooks: "rekomi-webhooks", clicks: "rekomi-clicks", events: "rekomi-events", payouts: "rekomi-payouts" } as const;

/** The app worker's queue consumer: routes each batch to the job that owns its queue. */
export async function handleQueue(batch: MessageBatch, config: AppConfig): Promise<void> {
  const { db, close } = openDb(config);
  try {
    switch (batch.queue) {
      case QUEUES.webhooks:
        return await consumeWebhookBatch(batch as MessageBatch<DeliveryMessage>, config, db);
      case QUEUES.clicks:
        return await consumeClicks(batch, config, db);
      case QUEUES.events:
        return await consumeEvents(batch, config, db);
      case QUEUES.payouts:
        return await consumePayoutMessages(batch, config, db);
      default:
        if (batch.queue in DEAD_LETTER_QUEUES) return await drainDeadLetterQueue(batch, db);
        // A queue we do not know: keep its messages for whoever should consume them.
        console.error(JSON.stringify({ level: "error", message: "no consumer for queue", queue: batch.queue }));
        batch.retryAll({ delaySeconds: 60 });
    }
  } finally {
    await close();
  }
}

/**
 * Cron triggers: every minute, re-enqueue due work that Postgres knows about, retry mail,
 * purge expired auth rows, idempotency records and superseded tax form files, approve
 * commissions whose hold has passed, search Braintree for refunds (it sends no webhook
 * for them), open the payout runs brands scheduled, and advance payout runs whose money
 * stopped moving (a lost message or event), probe the workers for the status page
 * (src/status/probe.ts), and tell staff which help conversations wait for them. The jobs run side by side so one failing does
 * not stop the others; the first failure is rethrown for the platform to record.
 */
export async function handleScheduled(config: AppConfig): Promise<void> {
  const { db, close } = openDb(config);
  try {
    const results = await Promise.allSettled([sweepDueDeliveries(config, db), runAccountHousekeeping(config, db), approveDueCommissions(config, db), purgeExpiredRecords(config, db), pollBraintreeRefunds(config, db), openScheduledRuns(config, db), sweepMovingRuns(config, db), recordStatusProbe(config, db), pruneStatusProbes(db), noticeStaffOfHelp(config, db)]);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  } finally {
    await close();
  }
}
