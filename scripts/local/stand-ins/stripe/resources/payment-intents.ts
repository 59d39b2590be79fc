import type Stripe from "stripe";
import type { Call, Route, StandInContext } from "../context";
import { StripeApiError, invalidRequest, invalidValue, noSuch } from "../errors";
import { base62, nowSeconds, stripeId } from "../ids";
import { allowOnly, currency, mergeMetadata, optionalBoolean, optionalString, positiveAmount } from "../params";
import { declineMessage, newCharge } from "./charges";
import { findCustomer } from "./customers";
import { methodTypes, resolvePaymentMethod, testCardDecline, type PaymentMethodKind } from "./payment-methods";

/**
 * Confirms: the charge is made at once (paid or declined). A decline answers what Stripe answers
 * with `confirm=true`: a 402 `card_error` carrying the PaymentIntent, which is left in
 * `requires_payment_method` with its `last_payment_error`.
 */
function confirmIntent(call: Call, ctx: StandInContext, intent: Stripe.PaymentIntent): Stripe.PaymentIntent {
  const { owner, request } = call;
  const pmId = typeof intent.payment_method === "string" ? intent.payment_method : null;
  if (!pmId) {
    throw invalidRequest(`You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${intent.customer ?? "a customer"}, specify a payment method attached to this customer along with the customer ID.`, { code: "payment_intent_unexpected_state", param: "payment_method" });
  }
  const paymentMethod = ctx.store.find<Stripe.PaymentMethod>(pmId, "payment_method", owner)!;
  const customer = typeof intent.customer === "string" ? intent.customer : null;
  const injected = ctx.failures.take("charge", (failure) => !failure.customer || failure.customer === customer);
  const declineCode = injected ? (injected.declineCode ?? "generic_decline") : testCardDecline(paymentMethod);
  const charge = newCharge(ctx, owner, intent, paymentMethod, declineCode);
  if (declineCode === null) {
    const succeeded = ctx.store.put(owner, { ...intent, status: "succeeded" as const, amount_received: intent.amount, latest_charge: charge.id });
    ctx.events.record("charge.succeeded", charge, { account: owner, request });
    ctx.events.record("payment_intent.succeeded", succeeded, { account: owner, request });
    return succeeded;
  }
  const error = { charge: charge.id, code: "card_declined", decline_code: declineCode, doc_url: "https://docs.stripe.com/error-codes/card-declined", message: declineMessage(declineCode), type: "card_error" as const };
  const failed = ctx.store.put(owner, { ...intent, status: "requires_payment_method" as const, latest_charge: charge.id, last_payment_error: { ...error, payment_method: paymentMethod } } as Stripe.PaymentIntent);
  ctx.events.record("charge.failed", charge, { account: owner, request });
  ctx.events.record("payment_intent.payment_failed", failed, { account: owner, request });
  throw new StripeApiError(402, { ...error, payment_intent: failed, payment_method: paymentMethod });
}

/** `/v1/payment_intents`: create (with `confirm=true`, `off_session=true` for charging a saved method, or unconfirmed), confirm and retrieve. */
export const paymentIntentRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/payment_intents",
    run(call, ctx) {
      const { params, owner, request } = call;
      allowOnly(params, ["amount", "currency", "customer", "payment_method", "allowed_payment_method_types", "confirm", "off_session", "transfer_group", "metadata", "description", "statement_descriptor_suffix", "receipt_email", "capture_method", "setup_future_usage", "error_on_requires_action"]);
      const amount = positiveAmount(params);
      const cur = currency(params);
      const customer = optionalString(params, "customer");
      if (customer) findCustomer(customer, ctx.store, owner, "customer");
      const confirm = optionalBoolean(params, "confirm") ?? false;
      const offSession = optionalBoolean(params, "off_session");
      if (offSession !== null && !confirm) throw invalidValue("off_session", "You may only specify off_session when confirm=true.");
      const captureMethod = optionalString(params, "capture_method") ?? "automatic";
      if (captureMethod !== "automatic" && captureMethod !== "automatic_async") throw invalidValue("capture_method", "The stand-in captures at once: capture_method must be automatic or automatic_async.");
      const pmId = optionalString(params, "payment_method");
      const paymentMethod = pmId ? resolvePaymentMethod(ctx, owner, pmId, customer, request) : null;
      const methods = methodTypes(params, cur);
      if (paymentMethod && !methods.types.includes(paymentMethod.type as PaymentMethodKind)) {
        throw invalidValue("payment_method", `The PaymentMethod provided (${paymentMethod.type}) is not allowed for this PaymentIntent (${methods.types.join(", ")}).`);
      }
      const id = stripeId("pi");
      const intent = {
        id,
        object: "payment_intent",
        allowed_payment_method_types: methods.allowed,
        amount,
        amount_capturable: 0,
        amount_received: 0,
        application: null,
        application_fee_amount: null,
        canceled_at: null,
        cancellation_reason: null,
        capture_method: captureMethod,
        client_secret: `${id}_secret_${base62(25)}`,
        confirmation_method: "automatic",
        created: nowSeconds(),
        currency: cur,
        customer,
        description: optionalString(params, "description"),
        excluded_payment_method_types: null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: mergeMetadata({}, params),
        next_action: null,
        on_behalf_of: null,
        payment_method: paymentMethod?.id ?? null,
        payment_method_options: {},
        payment_method_types: methods.types,
        processing: null,
        receipt_email: optionalString(params, "receipt_email"),
        review: null,
        setup_future_usage: null,
        shipping: null,
        statement_descriptor: null,
        statement_descriptor_suffix: optionalString(params, "statement_descriptor_suffix"),
        status: paymentMethod ? "requires_confirmation" : "requires_payment_method",
        transfer_data: null,
        transfer_group: optionalString(params, "transfer_group"),
      } satisfies Partial<Stripe.PaymentIntent> as Stripe.PaymentIntent;
      ctx.store.put(owner, intent);
      ctx.events.record("payment_intent.created", intent, { account: owner, request });
      return confirm ? confirmIntent(call, ctx, intent) : intent;
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/confirm",
    run(call, ctx) {
      const { params, owner, path, request } = call;
      allowOnly(params, ["payment_method", "off_session", "error_on_requires_action", "return_url"]);
      const found = ctx.store.find<Stripe.PaymentIntent>(path.id!, "payment_intent", owner);
      if (!found) throw noSuch("payment_intent", path.id!, "intent");
      if (found.status !== "requires_confirmation" && found.status !== "requires_payment_method") {
        throw invalidRequest(`You cannot confirm this PaymentIntent because it has a status of ${found.status}.`, { code: "payment_intent_unexpected_state", param: "intent" });
      }
      optionalBoolean(params, "off_session");
      const pmId = optionalString(params, "payment_method");
      const customer = typeof found.customer === "string" ? found.customer : null;
      const paymentMethod = pmId ? resolvePaymentMethod(ctx, owner, pmId, customer, request) : null;
      const intent = paymentMethod ? ctx.store.put(owner, { ...found, payment_method: paymentMethod.id, status: "requires_confirmation" as const }) : found;
      return confirmIntent(call, ctx, intent);
    },
  },
  {
    method: "GET",
    path: "/v1/payment_intents/:id",
    run({ path, owner }, { store }) {
      const found = store.find<Stripe.PaymentIntent>(path.id!, "payment_intent", owner);
      if (!found) throw noSuch("payment_intent", path.id!, "intent");
      return found;
    },
  },
];
