import type Stripe from "stripe";
import type { Route, StandInContext } from "../context";
import { invalidRequest, invalidValue, noSuch } from "../errors";
import type { EventRequest } from "../events";
import { base62, nowSeconds } from "../ids";
import { allowOnly, mergeMetadata, optionalString } from "../params";
import type { Owner } from "../store";
import { findCustomer } from "./customers";
import { methodTypes, newPaymentMethod, type PaymentMethodKind } from "./payment-methods";
import { findSetupIntent, newSetupIntent, succeedSetupIntent } from "./setup-intents";

export function findCheckoutSession(id: string, store: StandInContext["store"], owner: Owner): Stripe.Checkout.Session {
  const found = store.find<Stripe.Checkout.Session>(id, "checkout.session", owner);
  if (!found) throw noSuch("checkout.session", id, "session");
  return found;
}

/**
 * What the customer does on the hosted page: a payment method of `kind` is saved through the
 * session's SetupIntent and the session completes (`setup_intent.succeeded`,
 * `checkout.session.completed`).
 */
export function completeCheckoutSession(ctx: StandInContext, sessionId: string, kind: PaymentMethodKind = "card", owner: Owner = null, request: EventRequest = null): Stripe.Checkout.Session {
  const session = findCheckoutSession(sessionId, ctx.store, owner);
  if (session.status !== "open") throw invalidRequest(`This Checkout Session is no longer open (status ${session.status}).`);
  const types = session.payment_method_types ?? ["card"];
  if (!types.includes(kind)) throw invalidValue("payment_method_types", `This Checkout Session does not accept ${kind} (it accepts ${types.join(", ")}).`);
  const intent = findSetupIntent(session.setup_intent as string, ctx.store, owner);
  const paymentMethod = newPaymentMethod(ctx, owner, kind, null, request);
  succeedSetupIntent(ctx, owner, intent, paymentMethod, request);
  const completed: Stripe.Checkout.Session = { ...session, status: "complete" };
  ctx.store.put(owner, completed);
  ctx.events.record("checkout.session.completed", completed, { account: owner, request });
  return completed;
}

/** `/v1/checkout/sessions` in `mode=setup` (saving a payment method), create and retrieve. */
export const checkoutSessionRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/checkout/sessions",
    run({ params, owner, request }, ctx) {
      allowOnly(params, ["mode", "customer", "currency", "allowed_payment_method_types", "success_url", "cancel_url", "return_url", "client_reference_id", "metadata", "setup_intent_data", "ui_mode"]);
      const mode = optionalString(params, "mode");
      if (mode !== "setup") throw invalidValue("mode", `The stand-in answers Checkout in mode=setup only (got '${mode ?? ""}').`);
      const customer = optionalString(params, "customer");
      if (customer) findCustomer(customer, ctx.store, owner, "customer");
      const currency = optionalString(params, "currency")?.toLowerCase() ?? null;
      const methods = methodTypes(params, currency);
      if (!methods.allowed && !currency) throw invalidValue("currency", "currency is required in setup mode when allowed_payment_method_types is not set.");
      const intent = newSetupIntent(ctx, owner, { customer, ...methods, usage: "off_session", metadata: {} }, request);
      const id = `cs_test_${base62(58)}`;
      const created = nowSeconds();
      const session = {
        id,
        object: "checkout.session",
        allowed_payment_method_types: methods.allowed,
        amount_subtotal: null,
        amount_total: null,
        cancel_url: optionalString(params, "cancel_url"),
        client_reference_id: optionalString(params, "client_reference_id"),
        created,
        currency,
        customer,
        customer_email: null,
        expires_at: created + 24 * 3600,
        livemode: false,
        metadata: mergeMetadata({}, params),
        mode: "setup",
        payment_intent: null,
        payment_method_types: methods.types,
        payment_status: "no_payment_required",
        setup_intent: intent.id,
        status: "open",
        success_url: optionalString(params, "success_url"),
        ui_mode: "hosted_page",
        url: new URL(`/_stand-in/checkout/${id}`, ctx.baseUrl).toString(),
      } satisfies Partial<Stripe.Checkout.Session> as Stripe.Checkout.Session;
      return ctx.store.put(owner, session);
    },
  },
  { method: "GET", path: "/v1/checkout/sessions/:id", run: ({ path, owner }, { store }) => findCheckoutSession(path.id!, store, owner) },
];
