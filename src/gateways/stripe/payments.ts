import type { Reader } from "../read";
import { unixTime } from "../read";
import { clickIdFrom, PayloadError, type DisputePhase, type GatewayEvent, type SaleKind } from "../types";
import { stripeMoney } from "./money";
import type { Ignore, StripeBase } from "./normalize";

/**
 * The click id wherever rk.js and the snippets put it: the Checkout Session's
 * `metadata.rk_click` or `client_reference_id`, the subscription's metadata (which Stripe
 * copies onto its invoices as `parent.subscription_details.metadata`, or
 * `subscription_details.metadata` before 2025-03-31.basil), and the customer's metadata
 * when the customer is in the payload as an object.
 */
function clickIdIn(object: Reader, paths: readonly string[]): string | undefined {
  for (const path of [...paths, "customer.metadata.rk_click"]) {
    const clickId = clickIdFrom(object.get(path));
    if (clickId) return clickId;
  }
  return undefined;
}

/** The first promotion code (`promo_…`) among `discounts` entries that are objects (unexpanded entries are bare discount ids). */
function promotionCode(object: Reader, ...legacyPaths: string[]): string | undefined {
  for (const path of legacyPaths) {
    const code = object.optStr(path);
    if (code) return code;
  }
  return object
    .list("discounts")
    .map((discount) => discount.optStr("promotion_code"))
    .find((code) => code !== undefined);
}

/**
 * `checkout.session.completed` (and `async_payment_succeeded` for delayed payment methods).
 * A subscription checkout binds the customer to the click: a lead; its invoice.paid is the
 * sale, and the two may arrive in either order. A one-time payment (`mode=payment`) has no
 * invoice.paid of its own, so the paid session is the sale.
 */
export function checkoutCompleted(type: string, session: Reader, base: StripeBase, ignored: Ignore): GatewayEvent {
  const mode = session.optStr("mode") ?? "none";
  const clickId = clickIdIn(session, ["metadata.rk_click", "client_reference_id"]);
  const customer = session.optStr("customer");
  const promoCode = promotionCode(session);
  const shared = {
    ...(customer ? { customer_external_id: customer } : {}),
    ...(clickId ? { click_id: clickId } : {}),
    ...(promoCode ? { promo_code: promoCode } : {}),
  };
  if (mode === "payment") {
    const status = session.optStr("payment_status") ?? "none";
    if (status !== "paid") return ignored(`the one-time payment is ${status}; checkout.session.async_payment_succeeded follows once it is paid`);
    const { amount, currency } = stripeMoney(session, "amount_total");
    if (amount === 0) return ignored("zero-amount checkout");
    const paymentId = session.optStr("payment_intent");
    return {
      ...base,
      type: "sale",
      ...shared,
      amount,
      currency,
      invoice_id: session.optStr("invoice") ?? session.str("id"),
      ...(paymentId ? { payment_id: paymentId } : {}),
      kind: "one_time",
    };
  }
  if (mode !== "subscription") return ignored(`a checkout in ${mode} mode takes no payment`);
  if (type === "checkout.session.async_payment_succeeded") return ignored("checkout.session.completed already bound this subscription's customer");
  if (!customer) return ignored("the checkout session created no customer, so later payments cannot be attributed");
  const email = session.optStr("customer_details.email") ?? session.optStr("customer_email");
  return { ...base, type: "lead", ...shared, customer_external_id: customer, ...(email ? { email } : {}) };
}

const KIND_BY_BILLING_REASON = new Map<string, SaleKind>([
  ["subscription_create", "first_purchase"],
  ["subscription_cycle", "renewal"],
  ["subscription_threshold", "renewal"],
  ["subscription_update", "upgrade"],
]);

/**
 * The payment refunds and disputes name. Before 2025-03-31.basil `payment_intent` and
 * `charge` sat on the invoice itself; since then they are in its `payments` list
 * (`payments.data[].payment`, a PaymentIntent or, without one, a Charge). That list is an
 * includable field, so an event's invoice may lack it: the sale then has no payment id
 * here, and the app's events consumer asks Stripe's Invoice Payments API for the link
 * before recording (src/gateways/stripe/resolve-payments.ts).
 */
function invoicePaymentId(invoice: Reader): string | undefined {
  const payments = invoice.list("payments.data");
  const paid = payments.find((payment) => payment.optStr("status") === "paid") ?? payments[0];
  return paid?.optStr("payment.payment_intent") ?? paid?.optStr("payment.charge") ?? invoice.optStr("payment_intent") ?? invoice.optStr("charge");
}

export function invoicePaid(invoice: Reader, base: StripeBase, ignored: Ignore): GatewayEvent {
  const reason = invoice.optStr("billing_reason") ?? "none";
  let kind = KIND_BY_BILLING_REASON.get(reason);
  if (!kind) return ignored(`the invoice is not a subscription payment (billing_reason ${reason})`);
  const { amount, currency } = stripeMoney(invoice, "amount_paid");
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
  const priceId = paidLine?.optStr("pricing.price_details.price") ?? paidLine?.optStr("price") ?? paidLine?.optStr("plan");
  const subscriptionId = invoice.optStr("parent.subscription_details.subscription") ?? invoice.optStr("subscription");
  const clickId = clickIdIn(invoice, ["parent.subscription_details.metadata.rk_click", "subscription_details.metadata.rk_click", "metadata.rk_click"]);
  const paymentId = invoicePaymentId(invoice);
  // `discount` (one object) is how invoices said it before 2025-03-31.basil.
  const promoCode = promotionCode(invoice, "discount.promotion_code");
  const paidAt = invoice.optInt("status_transitions.paid_at");
  return {
    ...base,
    ...(paidAt !== undefined ? { occurred_at: unixTime(paidAt) } : {}),
    type: "sale",
    customer_external_id: invoice.str("customer"),
    ...(clickId ? { click_id: clickId } : {}),
    amount,
    currency,
    invoice_id: invoice.str("id"),
    ...(paymentId ? { payment_id: paymentId } : {}),
    ...(subscriptionId ? { subscription_id: subscriptionId } : {}),
    ...(productId ? { product_id: productId } : {}),
    ...(priceId ? { price_id: priceId } : {}),
    ...(promoCode ? { promo_code: promoCode } : {}),
    kind,
  };
}

/**
 * `refund.created` / `refund.updated`: one refund object each, with its own id and amount,
 * so repeated partial refunds are never confused with the charge's running total. Only a
 * succeeded refund counts (card refunds are usually created succeeded; others are pending
 * first and say so in a later refund.updated). The id makes a second succeeded update of
 * the same refund a no-op downstream.
 */
export function refund(refund: Reader, base: StripeBase, ignored: Ignore): GatewayEvent {
  const status = refund.optStr("status") ?? "none";
  if (status !== "succeeded") return ignored(`the refund is ${status}; only a succeeded refund changes commissions`);
  const paymentId = refund.optStr("payment_intent") ?? refund.optStr("charge");
  if (!paymentId) throw new PayloadError(refund.param("charge"), `${refund.param("charge")} is missing: the refund names no payment`);
  const { amount, currency } = stripeMoney(refund, "amount");
  return { ...base, type: "refund", invoice_id: null, payment_id: paymentId, refund_id: refund.str("id"), amount, currency };
}

/**
 * One dispute gives at most one `opened`, one `won`, one `lost` downstream (the consumer
 * keeps one per dispute id and phase, so `opened` from both created and funds_withdrawn is
 * the same opening). Inquiries (`warning_*` statuses: a card network asking questions)
 * withdraw no funds and are ignored; one that escalates sends funds_withdrawn.
 */
export function dispute(type: string, dispute: Reader, base: StripeBase, ignored: Ignore): GatewayEvent {
  const status = dispute.optStr("status") ?? "none";
  let phase: DisputePhase;
  if (type === "charge.dispute.created") {
    if (status.startsWith("warning_")) return ignored(`an inquiry (status ${status}) withdraws no funds; funds_withdrawn follows if it becomes a chargeback`);
    phase = "opened";
  } else if (type === "charge.dispute.funds_withdrawn") {
    phase = "opened";
  } else if (type === "charge.dispute.funds_reinstated") {
    phase = "won";
  } else if (status === "won" || status === "lost") {
    phase = status;
  } else {
    return ignored(`the dispute closed as ${status}, which moves no funds`);
  }
  const { amount, currency } = stripeMoney(dispute, "amount");
  return {
    ...base,
    type: "dispute",
    phase,
    dispute_id: dispute.str("id"),
    invoice_id: null,
    payment_id: dispute.optStr("payment_intent") ?? dispute.str("charge"),
    amount,
    currency,
  };
}
