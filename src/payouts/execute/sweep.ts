import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { movingPayoutRuns } from "../../infra/db/lookups";
import type { PayoutMessage } from "../../infra/queues/messages";

/** A run untouched this long while its money moves has lost its message or Stripe's event. */
const IDLE = "5 minutes";
const BATCH = 50;

/**
 * Cron: asks for the next move of every run whose money has been moving without a change
 * for five minutes (`charging` or `transferring`; an approval whose queue send failed is
 * such a run too), so a lost message or webhook never strands a charge. advanceRun is
 * idempotent, so a run that was merely slow is advanced twice to the effect of once.
 */
export async function sweepMovingRuns(config: Pick<AppConfig, "PAYOUTS_QUEUE">, db: Db): Promise<number> {
  const runs = await movingPayoutRuns(db, IDLE, BATCH);
  if (runs.length === 0) return 0;
  const messages = runs.map((r): { body: PayoutMessage; contentType: "json" } => ({ body: { v: 1, kind: "advance_run", brand: r.brand_id, run: r.run_id }, contentType: "json" }));
  await config.PAYOUTS_QUEUE.sendBatch(messages);
  console.log(JSON.stringify({ level: "info", message: "payout runs swept", runs: runs.length }));
  return runs.length;
}
