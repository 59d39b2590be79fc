import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { platformStripe } from "../platform";
import { chargeStep } from "./charge";
import { readRun } from "./records";
import { settleStep } from "./settle";
import { transferStep } from "./transfer";

/**
 * Makes a run's next move and records Stripe's answers: `charging` → the brand's charge;
 * `transferring` → one transfer per pending payout, then the settlement refund and
 * `completed`. Stripe is called outside any transaction, each time with an idempotency key
 * derived from Rekomi's ids, and each answer is recorded in a short transaction conditional
 * on the status it moves from, so repeated or concurrent calls do exactly one thing. Other
 * statuses have nothing to move. Throws on a transient failure (the queue retries).
 */
export async function advanceRun(config: AppConfig, db: Db, brandId: string, runId: string): Promise<void> {
  const stripe = await platformStripe(config);
  const read = () => withBrand(db, brandId, (tx) => readRun(tx, runId));
  let run = await read();
  if (run?.status === "charging") {
    await chargeStep(config, db, stripe, run);
    run = await read();
  }
  if (run?.status !== "transferring") return;
  await transferStep(config, db, stripe, run);
  await settleStep(db, stripe, run.id, brandId);
}
