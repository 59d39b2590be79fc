import type Stripe from "stripe";
import type { Route, StandInContext } from "../context";
import { invalidValue, missingParam, noSuch } from "../errors";
import type { EventRequest } from "../events";
import { base62, nowSeconds, stripeId } from "../ids";
import { listEnvelope } from "../list";
import { allowOnly, optionalString, stringArray } from "../params";
import type { Owner } from "../store";
import { findCustomer } from "./customers";

export type PaymentMethodKind = "card" | "us_bank_account" | "sepa_debit";

/**
 * Stripe's test payment method ids, each standing for a test card: confirming with one makes a new
 * `pm_…`. The last four digits are those of the test card, and decide how a charge goes.
 */
const TEST_CARDS: Record<string, { brand: string; last4: string }> = {
  pm_card_visa: { brand: "visa", last4: "4242" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444" },
  pm_card_chargeDeclined: { brand: "visa", last4: "0002" },
  pm_card_chargeDeclinedInsufficientFunds: { brand: "visa", last4: "9995" },
};

/** The decline a test card gives when charged (Stripe's test cards 4000…0002 and 4000…9995). */
export function testCardDecline(paymentMethod: Stripe.PaymentMethod): string | null {
  if (paymentMethod.type !== "card") return null;
  return { "0002": "generic_decline", "9995": "insufficient_funds" }[paymentMethod.card?.last4 ?? ""] ?? null;
}

const noAddress = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

/** A new payment method of `kind`, attached to `customer` when given (emits `payment_method.attached`). */
export function newPaymentMethod(ctx: StandInContext, owner: Owner, kind: PaymentMethodKind, customer: string | null, request: EventRequest, card = TEST_CARDS.pm_card_visa!): Stripe.PaymentMethod {
  const details: Partial<Stripe.PaymentMethod> =
    kind === "card"
      ? {
          card: {
            brand: card.brand,
            checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
            country: "US",
            display_brand: card.brand,
            exp_month: 12,
            exp_year: new Date().getUTCFullYear() + 3,
            fingerprint: base62(16),
            funding: "credit",
            generated_from: null,
            last4: card.last4,
            networks: { available: [card.brand], preferred: null },
            regulated_status: "unregulated",
            three_d_secure_usage: { supported: true },
            wallet: null,
          },
        }
      : kind === "us_bank_account"
        ? {
            us_bank_account: {
              account_holder_type: "company",
              account_type: "checking",
              bank_name: "STRIPE TEST BANK",
              financial_connections_account: null,
              fingerprint: base62(16),
              last4: "6789",
              networks: { preferred: "ach", supported: ["ach"] },
              routing_number: "110000000",
              status_details: {},
            },
          }
        : { sepa_debit: { bank_code: "37040044", branch_code: "", country: "DE", fingerprint: base62(16), generated_from: { charge: null, setup_attempt: null }, last4: "3000" } };
  const paymentMethod = {
    id: stripeId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: { address: noAddress, email: null, name: null, phone: null, tax_id: null },
    created: nowSeconds(),
    customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: kind,
    ...details,
  } as Stripe.PaymentMethod;
  ctx.store.put(owner, paymentMethod);
  if (customer) ctx.events.record("payment_method.attached", paymentMethod, { account: owner, request });
  return paymentMethod;
}

/**
 * The payment method a request names: a `pm_…` the account holds (not another customer's), or one
 * of Stripe's test ids (`pm_card_visa`, `pm_card_chargeDeclined`, …) turned into a new, unattached one.
 */
export function resolvePaymentMethod(ctx: StandInContext, owner: Owner, id: string, customer: string | null, request: EventRequest): Stripe.PaymentMethod {
  const testCard = TEST_CARDS[id];
  if (testCard) return newPaymentMethod(ctx, owner, "card", null, request, testCard);
  const found = ctx.store.find<Stripe.PaymentMethod>(id, "payment_method", owner);
  if (!found) throw noSuch("PaymentMethod", id, "payment_method");
  if (customer && found.customer && found.customer !== customer) {
    throw invalidValue("payment_method", `The provided PaymentMethod ${id} was previously used with a different Customer or without a Customer. It cannot be used with Customer ${customer}.`);
  }
  return found;
}

function listForCustomer(ctx: StandInContext, owner: Owner, customerId: string, params: Parameters<Route["run"]>[0]["params"], url: string) {
  findCustomer(customerId, ctx.store, owner, "customer");
  const type = optionalString(params, "type");
  return listEnvelope(ctx.store.all<Stripe.PaymentMethod>("payment_method", owner, (pm) => pm.customer === customerId && (type === null || pm.type === type)), params, url);
}

/** `/v1/payment_methods/:id` and the customer's list (both URLs Stripe offers). */
export const paymentMethodRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/payment_methods/:id",
    run({ path, owner }, { store }) {
      const found = store.find<Stripe.PaymentMethod>(path.id!, "payment_method", owner);
      if (!found) throw noSuch("PaymentMethod", path.id!);
      return found;
    },
  },
  {
    method: "GET",
    path: "/v1/payment_methods",
    run({ params, owner }, ctx) {
      allowOnly(params, ["customer", "type", "limit", "starting_after", "ending_before"]);
      const customer = optionalString(params, "customer");
      if (!customer) throw missingParam("customer");
      return listForCustomer(ctx, owner, customer, params, "/v1/payment_methods");
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/payment_methods",
    run({ params, owner, path }, ctx) {
      allowOnly(params, ["type", "limit", "starting_after", "ending_before", "allow_redisplay"]);
      return listForCustomer(ctx, owner, path.id!, params, `/v1/customers/${path.id}/payment_methods`);
    },
  },
];

const KINDS: PaymentMethodKind[] = ["card", "us_bank_account", "sepa_debit"];

/**
 * The payment method types of an intent or session. Since the API version the SDK pins, requests
 * pass `allowed_payment_method_types` (a filter; `payment_method_types` is gone) and objects carry
 * both it and the computed `payment_method_types`: here card, plus the currency's bank debit.
 */
export function methodTypes(params: Parameters<Route["run"]>[0]["params"], currency: string | null): { allowed: PaymentMethodKind[] | null; types: PaymentMethodKind[] } {
  const allowed = stringArray(params, "allowed_payment_method_types");
  const unknown = allowed?.find((type) => !KINDS.includes(type as PaymentMethodKind));
  if (unknown) throw invalidValue("allowed_payment_method_types", `The stand-in offers ${KINDS.join(", ")} only (got '${unknown}').`);
  const eligible: PaymentMethodKind[] = currency === "usd" ? ["card", "us_bank_account"] : currency === "eur" ? ["card", "sepa_debit"] : ["card"];
  return { allowed: allowed as PaymentMethodKind[] | null, types: (allowed as PaymentMethodKind[] | null) ?? eligible };
}
