import type Stripe from "stripe";
import type { Route } from "../context";
import { invalidRequest, invalidValue, noSuch } from "../errors";
import { nowSeconds, stripeId } from "../ids";
import { allowOnly, mergeMetadata, optionalInteger, optionalString } from "../params";
import { findCharge, newBalanceTransaction } from "./charges";

const REASONS = ["duplicate", "fraudulent", "requested_by_customer"];
const money = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;

/** `POST /v1/refunds` for a charge or a PaymentIntent's latest charge, whole or partial. */
export const refundRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/refunds",
    run({ params, owner, request }, ctx) {
      allowOnly(params, ["charge", "payment_intent", "amount", "reason", "metadata"]);
      const chargeId = optionalString(params, "charge");
      const intentId = optionalString(params, "payment_intent");
      if (!chargeId && !intentId) throw invalidValue("charge", "One of the following params should be provided for this request: payment_intent or charge.");
      let charge: Stripe.Charge;
      if (chargeId) charge = findCharge(chargeId, ctx.store, owner);
      else {
        const intent = ctx.store.find<Stripe.PaymentIntent>(intentId!, "payment_intent", owner);
        if (!intent) throw noSuch("payment_intent", intentId!, "payment_intent");
        if (typeof intent.latest_charge !== "string" || intent.status !== "succeeded") throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, { param: "payment_intent" });
        charge = findCharge(intent.latest_charge, ctx.store, owner);
      }
      const reason = optionalString(params, "reason");
      if (reason !== null && !REASONS.includes(reason)) throw invalidValue("reason", `Invalid reason: must be one of ${REASONS.join(", ")}`);
      const left = charge.amount - charge.amount_refunded;
      if (left === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
      const amount = optionalInteger(params, "amount") ?? left;
      if (amount < 1) throw invalidValue("amount", "This value must be greater than or equal to 1.");
      if (amount > left) throw invalidRequest(`Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(left, charge.currency)})`, { param: "amount" });
      const injected = ctx.failures.take("refund", (failure) => (!failure.charge || failure.charge === charge.id) && (!failure.customer || failure.customer === charge.customer));
      if (injected) throw invalidRequest(injected.message ?? `Charge ${charge.id} has been charged back; it cannot be refunded.`, { code: injected.code ?? "charge_disputed" });
      const id = stripeId("re");
      const refund = {
        id,
        object: "refund",
        amount,
        balance_transaction: newBalanceTransaction(ctx, owner, { amount: -amount, fee: 0, currency: charge.currency, source: id, type: "refund" }).id,
        charge: charge.id,
        created: nowSeconds(),
        currency: charge.currency,
        destination_details: { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
        metadata: mergeMetadata({}, params),
        payment_intent: charge.payment_intent,
        reason: reason as Stripe.Refund.Reason | null,
        receipt_number: null,
        source_transfer_reversal: null,
        status: "succeeded",
        transfer_reversal: null,
      } satisfies Partial<Stripe.Refund> as Stripe.Refund;
      ctx.store.put(owner, refund);
      const updated: Stripe.Charge = { ...charge, amount_refunded: charge.amount_refunded + amount, refunded: amount === left };
      ctx.store.put(owner, updated);
      ctx.events.record("refund.created", refund, { account: owner, request });
      ctx.events.record("charge.refunded", updated, { account: owner, request, previousAttributes: { amount_refunded: charge.amount_refunded, ...(updated.refunded ? { refunded: false } : {}) } });
      return refund;
    },
  },
];
