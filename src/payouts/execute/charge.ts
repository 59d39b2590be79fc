import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { isoToStripeMinor, stripeToIsoMinor } from "../../gateways/stripe/money";
import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { payoutPolicies, payoutRuns } from "../../infra/db/schema";
import { tellChargeFailed } from "./notify";
import type { Run } from "./records";
import { declinedIntent, refusalOf, unrepresentable, type Refusal } from "./stripe-errors";

const EXPAND = ["latest_charge.balance_transaction"];

/** Only an answer about this attempt's PaymentIntent moves the run (a retry makes a new one). */
const thisAttempt = (run: Run) => and(eq(payoutRuns.id, run.id), eq(payoutRuns.status, "charging"), eq(payoutRuns.attempt, run.attempt));

/**
 * This attempt's PaymentIntent as Stripe has it now. It is created unconfirmed (idempotency key
 * `run_{id}_{attempt}`), its id recorded at once, then confirmed (`run_{id}_{attempt}_confirm`):
 * once the run names it, a lost answer is found again by retrieving it, even after Stripe's
 * 24-hour idempotency window, so an attempt never charges twice. A named intent is confirmed
 * only while it waits for confirmation. A decline is returned as the declined PaymentIntent, or
 * as a refusal when Stripe sent none.
 */
async function currentIntent(db: Db, stripe: Stripe, run: Run, payWith: { customer: string; paymentMethod: string }): Promise<Stripe.PaymentIntent | Refusal> {
  const amount = isoToStripeMinor(run.chargeAmount, run.currency);
  if (amount === null) return unrepresentable(run.chargeAmount, run.currency);
  try {
    const known = run.paymentIntentId ? await stripe.paymentIntents.retrieve(run.paymentIntentId, { expand: EXPAND }) : null;
    let intent = known?.metadata.rekomi_attempt === String(run.attempt) ? known : null;
    if (!intent) {
      intent = await stripe.paymentIntents.create(
        {
          amount,
          currency: run.currency.toLowerCase(),
          customer: payWith.customer,
          payment_method: payWith.paymentMethod,
          transfer_group: run.transferGroup,
          description: `Rekomi payout run ${run.id}`,
          metadata: { rekomi_run: run.id, rekomi_brand: run.brandId, rekomi_attempt: String(run.attempt) },
          expand: EXPAND,
        },
        { idempotencyKey: `run_${run.id}_${run.attempt}` },
      );
      const id = intent.id;
      await withBrand(db, run.brandId, (tx) => tx.update(payoutRuns).set({ paymentIntentId: id, updatedAt: new Date() }).where(thisAttempt(run)));
    }
    if (intent.status !== "requires_confirmation") return intent;
    return await stripe.paymentIntents.confirm(
      intent.id,
      { payment_method: payWith.paymentMethod, off_session: true, expand: EXPAND },
      { idempotencyKey: `run_${run.id}_${run.attempt}_confirm` },
    );
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    return declinedIntent(err) ?? refusal;
  }
}

/** Stripe's own fee on the charge (its balance transaction), fetched again when the answer did not carry it expanded. */
async function chargeAndFee(stripe: Stripe, intent: Stripe.PaymentIntent): Promise<{ chargeId: string; txn: Stripe.BalanceTransaction }> {
  let charge = intent.latest_charge;
  if (!charge) throw new Error(`PaymentIntent ${intent.id} succeeded without a charge`);
  if (typeof charge === "string" || typeof charge.balance_transaction === "string" || !charge.balance_transaction) {
    charge = await stripe.charges.retrieve(typeof charge === "string" ? charge : charge.id, { expand: ["balance_transaction"] });
  }
  const txn = charge.balance_transaction;
  // Stripe creates it with the charge; until then the step is retried.
  if (!txn || typeof txn === "string") throw new Error(`Charge ${charge.id} has no balance transaction yet`);
  return { chargeId: charge.id, txn };
}

/**
 * Stripe's fee in the run's currency and ISO minor units, or the estimate when Stripe's cannot
 * be taken as is: the balance transaction is in the platform's settlement currency, which the
 * policy currency is meant to be; a fee in another currency (or not whole in ISO units) would
 * mix currencies in the run's sums, so the estimate stays and staff are told.
 */
function feeInRunCurrency(run: Run, txn: Stripe.BalanceTransaction): number {
  const fee = txn.currency.toLowerCase() === run.currency.toLowerCase() ? stripeToIsoMinor(txn.fee, run.currency) : null;
  if (fee !== null) return fee;
  console.error(JSON.stringify({ level: "error", message: "Stripe's fee is not in the run's currency: the estimate is kept", run_id: run.id, run_currency: run.currency, fee: txn.fee, fee_currency: txn.currency, estimate: run.feeAmount }));
  return run.feeAmount;
}

function refusalOfIntent(intent: Stripe.PaymentIntent): Refusal {
  const error = intent.last_payment_error;
  return {
    code: error?.decline_code ?? error?.code ?? `payment_intent_${intent.status}`,
    message: error?.message ?? `The payment ended in status ${intent.status}.`,
  };
}

/**
 * The `charging` step: asks Stripe for this attempt's PaymentIntent and records its answer.
 * `succeeded` → `transferring` with the charge and Stripe's actual fee; a decline (or an
 * intent that can no longer succeed) → `failed`, the brand told; `processing` (bank debits)
 * → stays `charging` until Stripe's webhook or the sweeper asks again.
 */
export async function chargeStep(config: AppConfig, db: Db, stripe: Stripe, run: Run): Promise<void> {
  const [policy] = await withBrand(db, run.brandId, (tx) => tx.select().from(payoutPolicies).where(eq(payoutPolicies.brandId, run.brandId)));
  const payWith = policy?.stripeCustomerId && run.paymentMethodId ? { customer: policy.stripeCustomerId, paymentMethod: run.paymentMethodId } : null;
  const answer: Stripe.PaymentIntent | Refusal = payWith
    ? await currentIntent(db, stripe, run, payWith)
    : { code: "payment_method_missing", message: "The brand has no saved payment method at Stripe to charge." };
  const intent = "object" in answer ? answer : null;

  if (intent?.status === "succeeded") {
    const { chargeId, txn } = await chargeAndFee(stripe, intent);
    const fee = feeInRunCurrency(run, txn);
    if (fee > run.chargeAmount - run.transferAmount) {
      console.error(JSON.stringify({ level: "error", message: "Stripe's fee exceeds the estimate: the platform pays the difference", run_id: run.id, fee, estimate: run.feeAmount }));
    }
    await withBrand(db, run.brandId, (tx) =>
      tx.update(payoutRuns).set({ status: "transferring", paymentIntentId: intent.id, chargeId, feeAmount: fee, updatedAt: new Date() }).where(thisAttempt(run)),
    );
    return;
  }
  if (intent?.status === "processing") {
    // Touching updated_at also rotates the sweeper's oldest-first list past slow bank debits.
    await withBrand(db, run.brandId, (tx) => tx.update(payoutRuns).set({ paymentIntentId: intent.id, updatedAt: new Date() }).where(thisAttempt(run)));
    return;
  }
  if (intent && !["requires_payment_method", "requires_action", "canceled"].includes(intent.status)) {
    console.warn(JSON.stringify({ level: "warn", message: "payout charge in an unexpected state; left as is", run_id: run.id, payment_intent: intent.id, status: intent.status }));
    return;
  }
  const refusal = intent ? refusalOfIntent(intent) : (answer as Refusal);
  await withBrand(db, run.brandId, async (tx) => {
    const [failed] = await tx
      .update(payoutRuns)
      .set({ status: "failed", paymentIntentId: intent?.id ?? run.paymentIntentId, failureCode: refusal.code, failureMessage: refusal.message.slice(0, 500), updatedAt: new Date() })
      .where(thisAttempt(run))
      .returning();
    if (failed) await tellChargeFailed(tx, config, failed, refusal);
  });
}
