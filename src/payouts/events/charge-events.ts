import { stripeToIsoMinor } from "../../gateways/stripe/money";
import type { StripeEventHandler } from "./types";
import { flagRun, ignored, onRun, recordFailedRefund, runOfCharge, runOfGroup, shown } from "./run-flags";

/**
 * What happens to a run's charge at Stripe besides Rekomi's own steps. Rekomi's refunds
 * (settlements, reversals) are recorded in `refunded_amount` when they are made; anything
 * else (a refund in Stripe's dashboard, a chargeback, a refund that failed) flags the run
 * for staff (run-flags.ts).
 */

/** An amount of a Stripe object in ISO minor units of `currency`, or null when it is in another currency or cannot be converted. */
function isoAmount(object: Record<string, unknown>, field: string, currency: string): number | null {
  const amount = object[field];
  if (typeof amount !== "number" || String(object.currency ?? "").toUpperCase() !== currency) return null;
  return stripeToIsoMinor(amount, currency);
}

/**
 * `charge.refunded` of a run's charge: when Stripe shows more refunded than Rekomi recorded,
 * someone refunded the brand outside Rekomi (money the creators' transfers may still stand
 * on): the run is flagged `refunded_outside_rekomi` with both amounts.
 */
export const onRunChargeRefunded: StripeEventHandler = async (event, { db }) => {
  const charge = event.object;
  const found = await runOfGroup(db, charge.transfer_group);
  if (!found) return ignored(event, "charge of no payout run of this deployment", { charge: charge.id });
  await onRun(db, found, async (tx, run) => {
    const atStripe = isoAmount(charge, "amount_refunded", run.currency);
    if (atStripe === null) return ignored(event, "refunded amount not in the run's currency", { run: run.id });
    if (atStripe <= run.refundedAmount) return;
    const text = `Stripe shows ${shown(atStripe, run.currency)} refunded on charge ${String(charge.id)}; Rekomi recorded ${shown(run.refundedAmount, run.currency)}. A refund was made outside Rekomi.`;
    await flagRun(tx, run, "refunded_outside_rekomi", text);
  });
};

/**
 * `charge.dispute.created|closed` on a run's charge: the brand's chargeback takes the money
 * back from the platform, whose transfers to creators stand, so staff must act. The run is
 * flagged `charge_disputed` with the dispute's status and amount.
 */
export const onRunChargeDisputed: StripeEventHandler = async (event, { config, db }) => {
  const dispute = event.object;
  const found = await runOfCharge(config, db, dispute.charge);
  if (!found) return ignored(event, "dispute of no payout run's charge", { dispute: dispute.id });
  await onRun(db, found, async (tx, run) => {
    const amount = isoAmount(dispute, "amount", run.currency);
    const money = amount === null ? `${String(dispute.amount)} ${String(dispute.currency).toUpperCase()} (Stripe's units)` : shown(amount, run.currency);
    const text = `The brand disputed charge ${String(dispute.charge)}: dispute ${String(dispute.id)} of ${money}, status ${String(dispute.status)}${dispute.reason ? `, reason ${String(dispute.reason)}` : ""}.`;
    await flagRun(tx, run, "charge_disputed", text);
  });
};

/**
 * `refund.failed`: a refund to the brand (a settlement or a reversal's) did not reach them,
 * so the money is back on the platform's balance. Its amount comes off the run's
 * `refunded_amount` (once per refund, never below 0) and the run is flagged `refund_failed`
 * for staff to refund the brand again. The run is the refund's `metadata.rekomi_run`, or its
 * charge's `transfer_group`.
 */
export const onRefundFailed: StripeEventHandler = async (event, { config, db }) => {
  const refund = event.object;
  const metadata = (refund.metadata ?? {}) as Record<string, unknown>;
  const found = (await runOfGroup(db, metadata.rekomi_run)) ?? (await runOfCharge(config, db, refund.charge));
  if (!found) return ignored(event, "refund of no payout run's charge", { refund: refund.id });
  await onRun(db, found, async (tx, run) => {
    const refundId = String(refund.id);
    const amount = isoAmount(refund, "amount", run.currency);
    if (amount === null) throw new Error(`refund ${refundId} of run ${run.id} is not in the run's currency ${run.currency}`);
    const reason = refund.failure_reason ? String(refund.failure_reason) : null;
    // Only Rekomi's own refunds (settlement, reversal) were counted in refunded_amount; one
    // made outside Rekomi was only flagged, so its failure takes nothing off.
    const ours = metadata.rekomi_reason === "settlement" || metadata.rekomi_reason === "transfer_reversed";
    if (ours && !(await recordFailedRefund(tx, run, { id: refundId, amount, reason }))) return;
    const text = `Refund ${refundId} of ${shown(amount, run.currency)} to the brand failed at Stripe${reason ? ` (${reason})` : ""}; the money is on the platform until staff refund the brand again.`;
    await flagRun(tx, run, "refund_failed", text);
  });
};
