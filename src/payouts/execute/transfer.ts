import type Stripe from "stripe";
import { isoToStripeMinor } from "../../gateways/stripe/money";
import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { deliverLater, pendingPayouts, recordPaid, recordUnpaid, type Payout, type Run } from "./records";
import { refusalOf, unrepresentable, type Refusal } from "./stripe-errors";

/**
 * One Transfer for one pending payout, from the run's charge (`source_transaction`, so Stripe
 * never lets it exceed what the charge brought in), idempotency key = the payout id: the
 * same payout is transferred at most once however often this runs. Its result is a Transfer
 * or Stripe's refusal; anything else is thrown for the queue to retry.
 */
async function transferOne(stripe: Stripe, run: Run, chargeId: string, payout: Payout): Promise<Stripe.Transfer | Refusal> {
  if (!payout.stripeAccountId) return { code: "no_payout_account", message: "The creator had no connected account when the run was approved." };
  const amount = isoToStripeMinor(payout.amount, payout.currency);
  if (amount === null) return unrepresentable(payout.amount, payout.currency);
  try {
    return await stripe.transfers.create(
      {
        amount,
        currency: payout.currency.toLowerCase(),
        destination: payout.stripeAccountId,
        source_transaction: chargeId,
        transfer_group: run.transferGroup,
        description: `Rekomi payout ${payout.id}`,
        metadata: { rekomi_payout: payout.id, rekomi_run: run.id, rekomi_brand: run.brandId },
      },
      { idempotencyKey: payout.id },
    );
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    return refusal;
  }
}

/**
 * The transfers Stripe already made in the run's transfer group, by payout: a transfer whose
 * answer was lost is found here even after Stripe's 24-hour idempotency window has passed,
 * so a payout is never transferred twice.
 */
async function transfersMade(stripe: Stripe, run: Run): Promise<Map<string, Stripe.Transfer>> {
  const made = new Map<string, Stripe.Transfer>();
  for await (const transfer of stripe.transfers.list({ transfer_group: run.transferGroup, limit: 100 })) {
    const payoutId = transfer.metadata.rekomi_payout;
    if (payoutId) made.set(payoutId, transfer);
  }
  return made;
}

/**
 * The `transferring` step: every payout still `pending` becomes `paid` (its commissions paid,
 * `payout.paid` sent) or `failed` (Stripe refused: its commissions free again,
 * `payout.failed` sent). Each answer is recorded as soon as it arrives, so a crash midway
 * repeats only the unrecorded ones, and those are replayed by Stripe from their keys.
 */
export async function transferStep(config: AppConfig, db: Db, stripe: Stripe, run: Run): Promise<void> {
  if (!run.chargeId) throw new Error(`Run ${run.id} is transferring without a charge`);
  const pending = await withBrand(db, run.brandId, (tx) => pendingPayouts(tx, run.id));
  if (pending.length === 0) return;
  const made = await transfersMade(stripe, run);
  for (const payout of pending) {
    const result = made.get(payout.id) ?? (await transferOne(stripe, run, run.chargeId, payout));
    const deliveries = await withBrand(db, run.brandId, (tx) =>
      "object" in result ? recordPaid(tx, payout, { id: result.id, sourceTransaction: run.chargeId! }) : recordUnpaid(tx, payout, "failed", result).then((r) => r.deliveries),
    );
    await deliverLater(config, run.brandId, deliveries);
  }
}
