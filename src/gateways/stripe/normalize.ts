import { Reader, unixTime } from "../read";
import { clickIdFrom, normalizing, type GatewayEvent, type NormalizeResult, type SaleKind } from "../types";

/**
 * Turns a verified Stripe event body into one GatewayEvent. Stripe amounts are already
 * integer minor units. Webhook payloads follow the endpoint's pinned API version, so the
 * fields that moved in 2025-03-31.basil (invoice → subscription, line → product, line →
 * proration) are read in both places.
 */
export function normalizeStripeEvent(rawBody: string): NormalizeResult {
  return normalizing(() => {
    const event = Reader.json(rawBody);
    const type = event.str("type");
    const object = event.at("data.object");
    const base = { gateway: "stripe" as const, external_event_id: event.str("id"), occurred_at: unixTime(event.int("created")), livemode: event.get("livemode") === true };
    const ignored = (reason: string): GatewayEvent => ({ ...base, type: "ignored", reason });

    switch (type) {
      case "checkout.session.completed": {
        const customer = object.optStr("customer");
        if (!customer) return ignored("the checkout session created no customer, so later payments cannot be attributed");
        const clickId = clickIdFrom(object.get("metadata.rk_click")) ?? clickIdFrom(object.get("client_reference_id"));
        const email = object.optStr("customer_details.email") ?? object.optStr("customer_email");
        return { ...base, type: "lead", customer_external_id: customer, ...(clickId ? { click_id: clickId } : {}), ...(email ? { email } : {}) };
      }
      case "invoice.paid":
        return invoicePaid(object, base, ignored);
      case "charge.refunded":
        return chargeRefunded(object, event.optInt("data.previous_attributes.amount_refunded"), base, ignored);
      case "charge.dispute.created":
        return {
          ...base,
          type: "dispute",
          phase: "opened",
          invoice_id: null,
          payment_id: object.optStr("payment_intent") ?? object.str("charge"),
          dispute_id: object.str("id"),
          amount: object.int("amount"),
          currency: object.currency("currency"),
        };
      case "customer.subscription.deleted":
        return {
          ...base,
          type: "cancellation",
          customer_external_id: object.str("customer"),
          subscription_id: object.str("id"),
          occurred_at: unixTime(object.optInt("ended_at") ?? object.optInt("canceled_at") ?? event.int("created")),
        };
      case "customer.subscription.created": {
        const trialEnd = object.optInt("trial_end");
        if (object.optStr("status") !== "trialing" || trialEnd === undefined) {
          return ignored("the subscription starts without a trial; its first paid invoice is the sale");
        }
        const clickId = clickIdFrom(object.get("metadata.rk_click"));
        return {
          ...base,
          type: "trial_started",
          customer_external_id: object.str("customer"),
          subscription_id: object.str("id"),
          ...(clickId ? { click_id: clickId } : {}),
          trial_ends_at: unixTime(trialEnd),
        };
      }
      default:
        // invoice.payment_succeeded is among these on purpose: it fires alongside invoice.paid.
        return ignored(`${type} events are not used for attribution`);
    }
  });
}

type Base = { gateway: "stripe"; external_event_id: string; occurred_at: string; livemode: boolean };

const KIND_BY_BILLING_REASON = new Map<string, SaleKind>([
  ["subscription_create", "first_purchase"],
  ["subscription_cycle", "renewal"],
  ["subscription_threshold", "renewal"],
  ["subscription_update", "upgrade"],
]);

function invoicePaid(invoice: Reader, base: Base, ignored: (reason: string) => GatewayEvent): GatewayEvent {
  const reason = invoice.optStr("billing_reason") ?? "none";
  let kind = KIND_BY_BILLING_REASON.get(reason);
  if (!kind) return ignored(`the invoice is not a subscription payment (billing_reason ${reason})`);
  const amount = invoice.int("amount_paid");
  // Trials and 100 % coupons produce paid invoices of 0: nothing to commission.
  if (amount === 0) return ignored("zero-amount invoice");
  const lines = invoice.list("lines.data");
  // An immediately invoiced plan change carries proration lines (credit for the old plan,
  // charge for the rest of the period on the new one); without them it is a full upgrade.
  const prorated = lines.some((line) => line.get("proration") === true || line.get("parent.subscription_item_details.proration") === true);
  if (kind === "upgrade" && prorated) kind = "proration";
  // The product is the one being paid for: the first line that charges something.
  const paidLine = lines.find((line) => (line.optInt("amount") ?? 0) > 0) ?? lines[0];
  const productId = paidLine?.optStr("pricing.price_details.product") ?? paidLine?.optStr("price.product") ?? paidLine?.optStr("plan.product");
  const subscriptionId = invoice.optStr("parent.subscription_details.subscription") ?? invoice.optStr("subscription");
  const clickId =
    clickIdFrom(invoice.get("parent.subscription_details.metadata.rk_click")) ??
    clickIdFrom(invoice.get("subscription_details.metadata.rk_click")) ??
    clickIdFrom(invoice.get("metadata.rk_click"));
  const paidAt = invoice.optInt("status_transitions.paid_at");
  return {
    ...base,
    ...(paidAt !== undefined ? { occurred_at: unixTime(paidAt) } : {}),
    type: "sale",
    customer_external_id: invoice.str("customer"),
    ...(clickId ? { click_id: clickId } : {}),
    amount,
    currency: invoice.currency("currency"),
    invoice_id: invoice.str("id"),
    ...(subscriptionId ? { subscription_id: subscriptionId } : {}),
    ...(productId ? { product_id: productId } : {}),
    kind,
  };
}

/**
 * `amount_refunded` is the charge's running total, and Stripe sends charge.refunded once
 * per refund: this refund is the growth since `previous_attributes.amount_refunded`
 * (without it, the whole total, which is exact for a first refund). Its id is the newest
 * listed refund, or else the charge with its new total (unique, since the total only grows).
 */
function chargeRefunded(charge: Reader, before: number | undefined, base: Base, ignored: (reason: string) => GatewayEvent): GatewayEvent {
  const chargeId = charge.str("id");
  const total = charge.int("amount_refunded");
  const amount = total - (before ?? 0);
  if (amount <= 0) return ignored("no new refunded amount on the charge");
  return {
    ...base,
    type: "refund",
    // Gone from charges since API version 2025-03-31.basil; then payment_id is the lookup key.
    invoice_id: charge.optStr("invoice") ?? null,
    payment_id: charge.optStr("payment_intent") ?? chargeId,
    refund_id: charge.optStr("refunds.data.0.id") ?? `${chargeId}:${total}`,
    amount,
    currency: charge.currency("currency"),
    partial: amount < charge.int("amount"),
  };
}

