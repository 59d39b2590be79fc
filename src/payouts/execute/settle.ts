import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { isoToStripeMinor } from "../../gateways/stripe/money";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { payoutRuns, payouts } from "../../infra/db/schema";
import { settlementRefund } from "../fees";
import type { Run } from "./records";
import { refusalOf, unrepresentable, type Refusal } from "./stripe-errors";

/**
 * failure_code of a `transferring` run whose settlement refund Stripe refused for good: the
 * money is still on the platform, so the run is not `completed`; the step is not tried again
 * and the run is listed for staff among the runs in trouble.
 */
export const SETTLEMENT_REFUND_REFUSED = "settlement_refund_refused";

/** The settlement refund at Stripe, or its refusal (a 4xx, or an amount Stripe's unit cannot hold). Anything else is thrown for the queue to retry. */
async function refundRest(stripe: Stripe, run: Run, refund: number): Promise<Refusal | null> {
  const amount = isoToStripeMinor(refund, run.currency);
  if (amount === null) return unrepresentable(refund, run.currency);
  try {
    await stripe.refunds.create(
      { charge: run.chargeId!, amount, metadata: { rekomi_run: run.id, rekomi_brand: run.brandId, rekomi_reason: "settlement" } },
      { idempotencyKey: `run_${run.id}_settle` },
    );
    return null;
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    return refusal;
  }
}

/**
 * The last step, once no payout is pending: whatever of the charge did not go to creators
 * (refused transfers, the fee estimate's excess) goes back to the brand, so the platform
 * keeps nothing: charge = Stripe's fee + transfers that stand + refunded. Idempotency key
 * `run_{id}_settle`; the run becomes `completed` once, whoever records it first. A refused
 * refund is recorded on the run (`settlement_refund_refused`), which stays `transferring`.
 */
export async function settleStep(db: Db, stripe: Stripe, runId: string, brandId: string): Promise<void> {
  const { run, transferred, pending } = await withBrand(db, brandId, async (tx) => {
    const [current] = await tx.select().from(payoutRuns).where(eq(payoutRuns.id, runId));
    const [sums] = await tx
      .select({
        transferred: sql<string>`coalesce(sum(${payouts.amount}) filter (where ${payouts.status} = 'paid'), 0)`,
        pending: sql<number>`count(*) filter (where ${payouts.status} = 'pending')::int`,
      })
      .from(payouts)
      .where(eq(payouts.runId, runId));
    return { run: current as Run | undefined, transferred: Number(sums?.transferred ?? 0), pending: sums?.pending ?? 0 };
  });
  // A flag (a refused settlement or reversal refund, a failed refund, a chargeback, a refund
  // made outside Rekomi) means money moved in a way only staff can settle with the brand: the
  // settlement waits for them rather than refund on top of it.
  if (!run || run.status !== "transferring" || pending > 0 || run.failureCode !== null) return;
  const refund = settlementRefund(run, transferred);
  const refused = refund > 0 ? await refundRest(stripe, run, refund) : null;
  const transferring = and(eq(payoutRuns.id, runId), eq(payoutRuns.status, "transferring"));
  if (refused) {
    console.error(JSON.stringify({ level: "error", message: "settlement refund refused by Stripe; the run waits for staff", run_id: runId, amount: refund, code: refused.code }));
    await withBrand(db, brandId, (tx) =>
      tx
        .update(payoutRuns)
        .set({ failureCode: SETTLEMENT_REFUND_REFUSED, failureMessage: `Refund of ${refund} refused: ${refused.code}: ${refused.message}`.slice(0, 500), updatedAt: new Date() })
        .where(transferring),
    );
    return;
  }
  await withBrand(db, brandId, (tx) =>
    tx
      .update(payoutRuns)
      .set({ status: "completed", refundedAmount: sql`${payoutRuns.refundedAmount} + ${refund}`, completedAt: new Date(), updatedAt: new Date() })
      .where(transferring),
  );
}
