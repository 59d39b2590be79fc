import type Stripe from "stripe";
import type { Route, StandInContext } from "../context";
import { invalidRequest, invalidValue, missingParam, noSuch } from "../errors";
import type { EventRequest } from "../events";
import { base62, nowSeconds, stripeId } from "../ids";
import { allowOnly, mergeMetadata, optionalBoolean, optionalString } from "../params";
import type { Owner } from "../store";
import { findCustomer } from "./customers";
import { methodTypes, resolvePaymentMethod } from "./payment-methods";

export function findSetupIntent(id: string, store: StandInContext["store"], owner: Owner): Stripe.SetupIntent {
  const found = store.find<Stripe.SetupIntent>(id, "setup_intent", owner);
  if (!found) throw noSuch("setupintent", id, "intent");
  return found;
}

/** A new SetupIntent waiting for a payment method (emits `setup_intent.created`). */
export function newSetupIntent(ctx: StandInContext, owner: Owner, fields: { customer: string | null; allowed: string[] | null; types: string[]; usage: "off_session" | "on_session"; metadata: Record<string, string> }, request: EventRequest): Stripe.SetupIntent {
  const id = stripeId("seti");
  const intent = {
    id,
    object: "setup_intent",
    allowed_payment_method_types: fields.allowed as Stripe.SetupIntent.AllowedPaymentMethodType[] | null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${base62(32)}`,
    created: nowSeconds(),
    customer: fields.customer,
    description: null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: fields.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_options: {},
    payment_method_types: fields.types,
    single_use_mandate: null,
    status: "requires_payment_method",
    usage: fields.usage,
  } satisfies Partial<Stripe.SetupIntent> as Stripe.SetupIntent;
  ctx.store.put(owner, intent);
  ctx.events.record("setup_intent.created", intent, { account: owner, request });
  return intent;
}

function assertConfirmable(intent: Stripe.SetupIntent): void {
  if (intent.status === "succeeded" || intent.status === "canceled") {
    throw invalidRequest(`You cannot confirm this SetupIntent because it has a status of ${intent.status}.`, { code: "setup_intent_unexpected_state" });
  }
}

/** Saves `paymentMethod` through the intent: it is attached to the customer and the intent succeeds. */
export function succeedSetupIntent(ctx: StandInContext, owner: Owner, intent: Stripe.SetupIntent, paymentMethod: Stripe.PaymentMethod, request: EventRequest): Stripe.SetupIntent {
  assertConfirmable(intent);
  const customer = typeof intent.customer === "string" ? intent.customer : null;
  if (customer && paymentMethod.customer === null) {
    paymentMethod = ctx.store.put(owner, { ...paymentMethod, customer });
    ctx.events.record("payment_method.attached", paymentMethod, { account: owner, request });
  }
  const succeeded: Stripe.SetupIntent = { ...intent, payment_method: paymentMethod.id, status: "succeeded", latest_attempt: stripeId("setatt") };
  ctx.store.put(owner, succeeded);
  ctx.events.record("setup_intent.succeeded", succeeded, { account: owner, request });
  return succeeded;
}

/** `/v1/setup_intents`: create (optionally `confirm=true`), retrieve, confirm. */
export const setupIntentRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/setup_intents",
    run({ params, owner, request }, ctx) {
      allowOnly(params, ["customer", "payment_method", "allowed_payment_method_types", "usage", "confirm", "metadata", "description", "automatic_payment_methods", "return_url"]);
      const customer = optionalString(params, "customer");
      if (customer) findCustomer(customer, ctx.store, owner, "customer");
      const usage = optionalString(params, "usage") ?? "off_session";
      if (usage !== "off_session" && usage !== "on_session") throw invalidValue("usage", "Invalid usage: must be one of off_session or on_session");
      const intent = newSetupIntent(ctx, owner, { customer, ...methodTypes(params, null), usage, metadata: mergeMetadata({}, params) }, request);
      const pmId = optionalString(params, "payment_method");
      const paymentMethod = pmId ? resolvePaymentMethod(ctx, owner, pmId, null, request) : null;
      if (!optionalBoolean(params, "confirm")) return paymentMethod ? ctx.store.put(owner, { ...intent, payment_method: paymentMethod.id, status: "requires_confirmation" as const }) : intent;
      if (!paymentMethod) throw missingParam("payment_method");
      return succeedSetupIntent(ctx, owner, intent, paymentMethod, request);
    },
  },
  { method: "GET", path: "/v1/setup_intents/:id", run: ({ path, owner }, { store }) => findSetupIntent(path.id!, store, owner) },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/confirm",
    run({ params, path, owner, request }, ctx) {
      allowOnly(params, ["payment_method", "return_url", "mandate_data"]);
      const intent = findSetupIntent(path.id!, ctx.store, owner);
      assertConfirmable(intent);
      const pmId = optionalString(params, "payment_method") ?? (typeof intent.payment_method === "string" ? intent.payment_method : null);
      if (!pmId) throw missingParam("payment_method");
      return succeedSetupIntent(ctx, owner, intent, resolvePaymentMethod(ctx, owner, pmId, null, request), request);
    },
  },
];
