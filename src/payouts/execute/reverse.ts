import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { isoToStripeMinor } from "../../gateways/stripe/money";
import type { AppConfig } from "../../infra/app/config";
import type { Db, Tx } from "../../infra/db/client";
import { payoutRunBrand } from "../../infra/db/lookups";
import { withBrand } from "../../infra/db/principal";
import { payoutRuns, payouts } from "../../infra/db/schema";
import { platformStripe } from "../platform";
import { addRefunded, deliverLater, recordUnpaid, type Payout } from "./records";
import { refusalOf, unrepresentable, type Refusal } from "./stripe-errors";

/** failure_code on a payout and its run when Stripe refused to reverse the rest of its transfer (the payout stays `paid`). */
export const REVERSAL_REST_REFUSED = "reversal_rest_refused";
/** failure_code on a payout and its run when its transfer was reversed but the refund to the brand was refused. */
export const REVERSAL_REFUND_REFUSED = "reversal_refund_refused";

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
 * Stripe refusing the rest's reversal or the refund is recorded on the payout and its run
 * (`reversal_rest_refused`, `reversal_refund_refused`) for staff, not retried forever.
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
  const restRefused = await reverseRest(stripe, payout);
  if (restRefused) {
    await recordRefused(db, brandId, payout, { code: REVERSAL_REST_REFUSED, message: `The rest of transfer ${seen.id} could not be reversed: ${restRefused.code}: ${restRefused.message}` });
    return;
  }
  const refundRefused = await refundToBrand(stripe, payout, chargeId, brandId);
  const unpaid: Refusal = refundRefused
    ? { code: REVERSAL_REFUND_REFUSED, message: `Transfer ${seen.id} was reversed but refunding it to the brand was refused (${refundRefused.code}: ${refundRefused.message}); the commissions go into a later run.` }
    : { code: "transfer_reversed", message: `Transfer ${seen.id} was reversed; the amount was refunded to the brand and the commissions go into a later run.` };
  const deliveries = await withBrand(db, brandId, async (tx) => {
    const ids = await recordUnpaid(tx, payout, "reversed", unpaid);
    // Only the call that moved the payout counts the refund (a replay moved nothing).
    if (ids.moved && !refundRefused) await addRefunded(tx, payout.runId, payout.amount);
    if (refundRefused) await flagRun(tx, payout.runId, unpaid);
    return ids.deliveries;
  });
  await deliverLater(config, brandId, deliveries);
}

/**
 * Reverses whatever of the transfer Stripe still has at the creator's account (in Stripe's
 * units, as Stripe reports it). The amount is in the idempotency key, so a later partial
 * reversal by someone else gives a new key instead of an idempotency clash. Returns Stripe's
 * refusal, if any.
 */
async function reverseRest(stripe: Stripe, payout: Payout): Promise<Refusal | null> {
  const transfer = await stripe.transfers.retrieve(payout.transferId!);
  const left = transfer.amount - transfer.amount_reversed;
  if (left <= 0) return null;
  return refusalOrNull(() => stripe.transfers.createReversal(transfer.id, { amount: left, metadata: { rekomi_payout: payout.id } }, { idempotencyKey: `payout_${payout.id}_reverse_rest_${left}` }));
}

/** Gives the payout's amount back to the brand from the run's charge; returns Stripe's refusal, if any. */
async function refundToBrand(stripe: Stripe, payout: Payout, chargeId: string, brandId: string): Promise<Refusal | null> {
  const amount = isoToStripeMinor(payout.amount, payout.currency);
  if (amount === null) return unrepresentable(payout.amount, payout.currency);
  return refusalOrNull(() =>
    stripe.refunds.create(
      { charge: chargeId, amount, metadata: { rekomi_payout: payout.id, rekomi_run: payout.runId, rekomi_brand: brandId, rekomi_reason: "transfer_reversed" } },
      { idempotencyKey: `payout_${payout.id}_reversal` },
    ),
  );
}

async function refusalOrNull(call: () => Promise<unknown>): Promise<Refusal | null> {
  try {
    await call();
    return null;
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    return refusal;
  }
}

/** The reversal stopped half way: the payout stays `paid`, and it and its run carry Stripe's refusal for staff. */
async function recordRefused(db: Db, brandId: string, payout: Payout, refusal: Refusal): Promise<void> {
  console.error(JSON.stringify({ level: "error", message: "payout reversal refused by Stripe; staff must finish it", payout_id: payout.id, code: refusal.code }));
  await withBrand(db, brandId, async (tx) => {
    await tx
      .update(payouts)
      .set({ failureCode: refusal.code, failureMessage: refusal.message.slice(0, 500), updatedAt: new Date() })
      .where(and(eq(payouts.id, payout.id), eq(payouts.status, "paid")));
    await flagRun(tx, payout.runId, refusal);
  });
}

async function flagRun(tx: Tx, runId: string, refusal: Refusal): Promise<void> {
  await tx.update(payoutRuns).set({ failureCode: refusal.code, failureMessage: refusal.message.slice(0, 500), updatedAt: new Date() }).where(eq(payoutRuns.id, runId));
}
