import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { payoutRunBrand } from "../../infra/db/lookups";
import { withBrand } from "../../infra/db/principal";
import { payoutRuns, payouts } from "../../infra/db/schema";
import { platformStripe } from "../platform";
import { addRefunded, deliverLater, recordUnpaid, type Payout } from "./records";

/** What a `transfer.*` event says of the transfer (Stripe's `data.object`). */
export interface TransferSeen {
  id: string;
  transferGroup: string | null;
  /** `metadata.rekomi_payout`, set by the transfer step. */
  payoutId: string | null;
}

async function findPayout(db: Db, brandId: string, seen: TransferSeen): Promise<{ payout: Payout; chargeId: string | null } | null> {
  return withBrand(db, brandId, async (tx) => {
    const [byTransfer] = await tx.select().from(payouts).where(eq(payouts.transferId, seen.id));
    if (!byTransfer) {
      // The transfer exists at Stripe but its answer is not recorded yet: retry once the run step has recorded it.
      const [unrecorded] = seen.payoutId ? await tx.select().from(payouts).where(and(eq(payouts.id, seen.payoutId), eq(payouts.status, "pending"))) : [];
      if (unrecorded) throw new Error(`Payout ${unrecorded.id} is not recorded as paid yet; its reversal waits`);
      return null;
    }
    const [run] = await tx.select({ chargeId: payoutRuns.chargeId }).from(payoutRuns).where(eq(payoutRuns.id, byTransfer.runId));
    return { payout: byTransfer, chargeId: run?.chargeId ?? null };
  });
}

/**
 * A payout's transfer was reversed, in part or whole (by Stripe, by staff in Stripe's
 * dashboard): the rest is reversed too, so a payout is either paid or wholly reversed; the
 * payout becomes `reversed`, its commissions are free again for a later run, and the
 * transfer's amount goes back to the brand from the run's charge (nothing floats on the
 * platform), with `payout.failed` (failure_code `transfer_reversed`). Each Stripe call has
 * its own idempotency key and the record is conditional on `paid`: applying it twice is once.
 */
export async function applyTransferReversal(config: AppConfig, db: Db, seen: TransferSeen): Promise<void> {
  const brandId = seen.transferGroup ? await payoutRunBrand(db, seen.transferGroup) : null;
  const found = brandId ? await findPayout(db, brandId, seen) : null;
  if (!brandId || !found) {
    console.log(JSON.stringify({ level: "info", message: "transfer reversal of no payout of this deployment; ignored", transfer: seen.id, transfer_group: seen.transferGroup }));
    return;
  }
  const { payout, chargeId } = found;
  if (payout.status !== "paid") return;
  if (!chargeId) throw new Error(`Payout ${payout.id} is paid but its run has no charge`);
  const stripe = await platformStripe(config);
  await reverseRest(stripe, payout);
  await stripe.refunds.create(
    { charge: chargeId, amount: payout.amount, metadata: { rekomi_payout: payout.id, rekomi_run: payout.runId, rekomi_brand: brandId, rekomi_reason: "transfer_reversed" } },
    { idempotencyKey: `payout_${payout.id}_reversal` },
  );
  const deliveries = await withBrand(db, brandId, async (tx) => {
    const ids = await recordUnpaid(tx, payout, "reversed", { code: "transfer_reversed", message: `Transfer ${seen.id} was reversed; the amount was refunded to the brand and the commissions go into a later run.` });
    // Only the call that moved the payout counts the refund (a replay moved nothing).
    if (ids.moved) await addRefunded(tx, payout.runId, payout.amount);
    return ids.deliveries;
  });
  await deliverLater(config, brandId, deliveries);
}

/** Reverses whatever of the transfer Stripe still has at the creator's account. */
async function reverseRest(stripe: Stripe, payout: Payout): Promise<void> {
  const transfer = await stripe.transfers.retrieve(payout.transferId!);
  const left = transfer.amount - transfer.amount_reversed;
  if (left <= 0) return;
  await stripe.transfers.createReversal(transfer.id, { amount: left, metadata: { rekomi_payout: payout.id } }, { idempotencyKey: `payout_${payout.id}_reverse_rest` });
}
