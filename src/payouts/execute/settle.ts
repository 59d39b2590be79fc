import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { payoutRuns, payouts } from "../../infra/db/schema";
import { settlementRefund } from "../fees";
import type { Run } from "./records";

/**
 * The last step, once no payout is pending: whatever of the charge did not go to creators
 * (refused transfers, the fee estimate's excess) goes back to the brand, so the platform
 * keeps nothing: charge = Stripe's fee + transfers that stand + refunded. Idempotency key
 * `run_{id}_settle`; the run becomes `completed` once, whoever records it first.
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
  if (!run || run.status !== "transferring" || pending > 0) return;
  const refund = settlementRefund(run, transferred);
  if (refund > 0) {
    await stripe.refunds.create(
      { charge: run.chargeId!, amount: refund, metadata: { rekomi_run: run.id, rekomi_brand: run.brandId, rekomi_reason: "settlement" } },
      { idempotencyKey: `run_${run.id}_settle` },
    );
  }
  await withBrand(db, brandId, (tx) =>
    tx
      .update(payoutRuns)
      .set({ status: "completed", refundedAmount: sql`${payoutRuns.refundedAmount} + ${refund}`, completedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(payoutRuns.id, runId), eq(payoutRuns.status, "transferring"))),
  );
}
