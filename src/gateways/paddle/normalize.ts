import { digitsToMinor } from "../../money";
import { Reader } from "../read";
import { clickIdFrom, normalizing, PayloadError, type DisputePhase, type GatewayEvent, type NormalizeResult, type SaleKind } from "../types";

/**
 * Turns a verified Paddle Billing event body into one GatewayEvent. Paddle sends amounts
 * as strings of minor units ("4999") and the click id in `custom_data.rk_click`, which it
 * copies from the checkout transaction onto the subscription. `event_id` (not the
 * per-destination `notification_id`) is the idempotency key. Paddle payloads carry no
 * mode (sandbox is a separate account), so `livemode` is true and the connection's mode decides.
 */
export function normalizePaddleEvent(rawBody: string): NormalizeResult {
  return normalizing(() => {
    const event = Reader.json(rawBody);
    const type = event.str("event_type");
    const data = event.at("data");
    const base = { gateway: "paddle" as const, external_event_id: event.str("event_id"), occurred_at: event.time("occurred_at"), livemode: true };
    const ignored = (reason: string): GatewayEvent => ({ ...base, type: "ignored", reason });

    switch (type) {
      case "transaction.completed":
        return transactionCompleted(data, base, ignored);
      case "adjustment.created":
      case "adjustment.updated":
        return adjustment(data, base, ignored);
      case "subscription.canceled":
        return {
          ...base,
          type: "cancellation",
          customer_external_id: data.str("customer_id"),
          subscription_id: data.str("id"),
          ...(data.optStr("canceled_at") ? { occurred_at: data.time("canceled_at") } : {}),
        };
      case "subscription.created": {
        const trial = data.list("items").find((item) => item.optStr("trial_dates.ends_at"));
        if (data.optStr("status") !== "trialing" || !trial) return ignored("the subscription starts without a trial; its first transaction is the sale");
        const clickId = clickIdFrom(data.get("custom_data.rk_click"));
        return {
          ...base,
          type: "trial_started",
          customer_external_id: data.str("customer_id"),
          subscription_id: data.str("id"),
          ...(clickId ? { click_id: clickId } : {}),
          trial_ends_at: trial.time("trial_dates.ends_at"),
        };
      }
      case "subscription.trialing":
        // Paddle sends it together with subscription.created for a subscription that starts in trial.
        return ignored("subscription.created already started this trial");
      default:
        return ignored(`${type} events are not used for attribution`);
    }
  });
}

type Base = { gateway: "paddle"; external_event_id: string; occurred_at: string; livemode: boolean };

const KIND_BY_ORIGIN = new Map<string, SaleKind>([
  ["web", "first_purchase"],
  ["api", "first_purchase"],
  ["subscription_recurring", "renewal"],
  // Plan changes and one-off charges on a subscription; proration is decided below.
  ["subscription_update", "upgrade"],
  ["subscription_charge", "upgrade"],
]);

function transactionCompleted(transaction: Reader, base: Base, ignored: (reason: string) => GatewayEvent): GatewayEvent {
  const origin = transaction.optStr("origin") ?? "none";
  let kind = KIND_BY_ORIGIN.get(origin);
  if (!kind) return ignored(`the transaction is not a purchase (origin ${origin})`);
  const amount = minor(transaction, "details.totals.grand_total");
  // A trial's checkout completes a transaction of 0: nothing to commission.
  if (amount === 0) return ignored("zero-amount transaction");
  const subscriptionId = transaction.optStr("subscription_id");
  // A checkout for one-time items only creates no subscription.
  if (kind === "first_purchase" && !subscriptionId) kind = "one_time";
  const items = transaction.list("items");
  // Plan changes billed now carry a proration on their items; without one it is a full-price change.
  if (kind === "upgrade" && items.some((item) => item.get("proration") != null)) kind = "proration";
  const clickId = clickIdFrom(transaction.get("custom_data.rk_click"));
  const productId = items[0]?.optStr("price.product_id");
  const priceId = items[0]?.optStr("price_id") ?? items[0]?.optStr("price.id");
  const promoCode = transaction.optStr("discount_id");
  const transactionId = transaction.str("id");
  return {
    ...base,
    ...(transaction.optStr("billed_at") ? { occurred_at: transaction.time("billed_at") } : {}),
    type: "sale",
    customer_external_id: transaction.str("customer_id"),
    ...(clickId ? { click_id: clickId } : {}),
    amount,
    currency: transaction.currency("currency_code"),
    invoice_id: transactionId,
    // Adjustments (refunds, chargebacks) name the transaction: it is also the payment.
    payment_id: transactionId,
    ...(subscriptionId ? { subscription_id: subscriptionId } : {}),
    ...(productId ? { product_id: productId } : {}),
    ...(priceId ? { price_id: priceId } : {}),
    ...(promoCode ? { promo_code: promoCode } : {}),
    kind,
  };
}

/** The chargeback adjustments and the phase each one is; warnings (early fraud notices) move no money. */
const DISPUTE_PHASE = new Map<string, DisputePhase>([
  ["chargeback", "opened"],
  ["chargeback_reverse", "won"],
]);

/**
 * Refunds start as `pending_approval` and count only once Paddle approves them (an
 * adjustment.updated); chargebacks arrive approved. The adjustment id is the refund id,
 * so a later update to an approved adjustment is not applied twice. A chargeback and its
 * reversal are two adjustments with different ids on the same transaction, so the
 * transaction is the dispute's id: that is what ties the reversal to what it reverses.
 */
function adjustment(adjustment: Reader, base: Base, ignored: (reason: string) => GatewayEvent): GatewayEvent {
  const action = adjustment.optStr("action") ?? "none";
  const phase = DISPUTE_PHASE.get(action);
  if (action !== "refund" && !phase) return ignored(`${action} adjustments move no money that was credited`);
  const status = adjustment.optStr("status") ?? "none";
  if (status !== "approved") return ignored(`the ${action} is ${status}, not approved`);
  const amount = minor(adjustment, "totals.total");
  const currency = adjustment.currency("currency_code");
  const transactionId = adjustment.str("transaction_id");
  const about = { invoice_id: transactionId, payment_id: transactionId, amount, currency };
  if (phase) return { ...base, type: "dispute", phase, dispute_id: transactionId, ...about };
  // `type` is on adjustments since 2024; older payloads only say it per item.
  const type = adjustment.optStr("type");
  const partial = type ? type === "partial" : adjustment.list("items").some((item) => item.optStr("type") !== "full");
  return { ...base, type: "refund", refund_id: adjustment.str("id"), partial, ...about };
}

function minor(object: Reader, path: string): number {
  const amount = digitsToMinor(object.str(path));
  if (amount === null) throw new PayloadError(object.param(path), `${object.param(path)} is not a whole number of minor units`);
  return amount;
}
