import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { payoutPolicies, payoutRuns } from "../../infra/db/schema";
import { tellChargeFailed } from "./notify";
import type { Run } from "./records";
import { declinedIntent, refusalOf, type Refusal } from "./stripe-errors";

const EXPAND = ["latest_charge.balance_transaction"];

/** Only an answer about this attempt's PaymentIntent moves the run (a retry makes a new one). */
const thisAttempt = (run: Run) => and(eq(payoutRuns.id, run.id), eq(payoutRuns.status, "charging"), eq(payoutRuns.attempt, run.attempt));

/**
 * This attempt's PaymentIntent as Stripe has it now: retrieved when the run already names it
 * (a bank debit still `processing`, or a webhook asking us to look again), created otherwise
 * with the idempotency key `run_{id}_{attempt}` (a repeated create gets the first answer).
 * A decline is returned as the declined PaymentIntent, or as a refusal when Stripe sent none.
 */
async function currentIntent(stripe: Stripe, run: Run, payWith: { customer: string; paymentMethod: string }): Promise<Stripe.PaymentIntent | Refusal> {
  if (run.paymentIntentId) {
    const known = await stripe.paymentIntents.retrieve(run.paymentIntentId, { expand: EXPAND });
    if (known.metadata.rekomi_attempt === String(run.attempt)) return known;
  }
  try {
    return await stripe.paymentIntents.create(
      {
        amount: run.chargeAmount,
        currency: run.currency.toLowerCase(),
        customer: payWith.customer,
        payment_method: payWith.paymentMethod,
        off_session: true,
        confirm: true,
        transfer_group: run.transferGroup,
        description: `Rekomi payout run ${run.id}`,
        metadata: { rekomi_run: run.id, rekomi_brand: run.brandId, rekomi_attempt: String(run.attempt) },
        expand: EXPAND,
      },
      { idempotencyKey: `run_${run.id}_${run.attempt}` },
    );
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    return declinedIntent(err) ?? refusal;
  }
}

/** Stripe's own fee on the charge (its balance transaction), fetched again when the answer did not carry it expanded. */
async function chargeAndFee(stripe: Stripe, intent: Stripe.PaymentIntent): Promise<{ chargeId: string; fee: number }> {
  let charge = intent.latest_charge;
  if (!charge) throw new Error(`PaymentIntent ${intent.id} succeeded without a charge`);
  if (typeof charge === "string" || typeof charge.balance_transaction === "string" || !charge.balance_transaction) {
    charge = await stripe.charges.retrieve(typeof charge === "string" ? charge : charge.id, { expand: ["balance_transaction"] });
  }
  const txn = charge.balance_transaction;
  // Stripe creates it with the charge; until then the step is retried.
  if (!txn || typeof txn === "string") throw new Error(`Charge ${charge.id} has no balance transaction yet`);
  return { chargeId: charge.id, fee: txn.fee };
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
    ? await currentIntent(stripe, run, payWith)
    : { code: "payment_method_missing", message: "The brand has no saved payment method at Stripe to charge." };
  const intent = "object" in answer ? answer : null;

  if (intent?.status === "succeeded") {
    const { chargeId, fee } = await chargeAndFee(stripe, intent);
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
