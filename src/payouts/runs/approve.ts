import { eq } from "drizzle-orm";
import type { AppConfig } from "../../infra/app/config";
import type { Tx } from "../../infra/db/client";
import { payoutRuns } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";
import { emitEvent } from "../../webhooks/emit";
import { chargeFor } from "../fees";
import { readPolicy } from "../policy/policy";
import { lockRun, payoutsOfRun } from "../queries";
import { serializePayout } from "../schemas";

/**
 * Approves a `draft` (or retries a `failed` run's charge): status `charging`, one more
 * attempt (the PaymentIntent's idempotency key is `run_{id}_{attempt}`), the brand's saved
 * method fixed on the run and the charge estimated for its type. Brand principal, in the
 * caller's transaction; the caller sends `advance_run` after commit (queueAdvance). An
 * approval announces each pending payout as `payout.created`; returns the deliveries.
 */
export async function approveRun(tx: Tx, brandId: string, runId: string, by: { approvedBy: string; retry?: boolean; platformCountry: string }, now = new Date()): Promise<{ deliveries: string[] }> {
  const run = await lockRun(tx, runId);
  if (!run) throw new DomainError("not_found", `No payout run ${runId}.`, { param: "runId" });
  const from = by.retry ? "failed" : "draft";
  if (run.status !== from) {
    throw new DomainError("conflict", `Payout run ${runId} is ${run.status}; only ${from} runs can be ${by.retry ? "retried" : "approved"}.`);
  }
  if (run.transferAmount <= 0) throw new DomainError("conflict", `Payout run ${runId} has nothing to transfer: every line is carried forward.`);
  const { paymentMethod } = await readPolicy(tx, brandId, by.platformCountry);
  if (!paymentMethod) throw new DomainError("conflict", "Save a payment method to charge the run with first.", { param: "payment_method" });
  const { charge, fee } = chargeFor(run.transferAmount, paymentMethod.type);
  await tx
    .update(payoutRuns)
    .set({
      status: "charging",
      attempt: run.attempt + 1,
      paymentMethodId: paymentMethod.id,
      feeAmount: fee,
      chargeAmount: charge,
      failureCode: null,
      failureMessage: null,
      ...(by.retry ? {} : { approvedBy: by.approvedBy, approvedAt: now }),
      updatedAt: now,
    })
    .where(eq(payoutRuns.id, runId));
  if (by.retry) return { deliveries: [] };
  const deliveries: string[] = [];
  for (const p of await payoutsOfRun(tx, runId)) {
    if (p.status === "pending") deliveries.push(...(await emitEvent(tx, brandId, "payout.created", p.id, serializePayout(p))));
  }
  return { deliveries };
}

/**
 * Asks the money mover to advance the run (src/payouts/execute), after the approval has
 * committed. A lost send loses nothing: the run stays `charging` and the money mover's
 * sweeper (`moving_payout_runs`) picks it up, so a failure is logged, not thrown.
 */
export async function queueAdvance(config: Pick<AppConfig, "PAYOUTS_QUEUE">, brandId: string, runId: string): Promise<void> {
  try {
    await config.PAYOUTS_QUEUE.send({ v: 1, kind: "advance_run", brand: brandId, run: runId });
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", message: "advance_run send failed; the payouts sweeper will advance the run", brand_id: brandId, run_id: runId, error: String(err) }));
  }
}
