import { fromBase64 } from "../../infra/encoding";
import { decimalToMinor } from "../../money";
import { isoTime } from "../read";
import { clickIdFrom, normalizing, PayloadError, type DisputePhase, type GatewayEvent, type NormalizeResult } from "../types";
import { braintreeMoney } from "./money";
import { parseXml, path, textAt, XmlError, type XmlElement } from "./xml";

/**
 * Turns a verified `bt_payload` (base64 of a `<notification>` XML document) into one
 * GatewayEvent. Braintree payloads carry no mode (sandbox is a separate gateway with its
 * own keys), so `livemode` is true and the connection's mode decides.
 *
 * Braintree notifications carry no id of their own, so the idempotency key is derived:
 * `<kind>:<subject id>:<timestamp>`, where the subject id is what the notification is
 * about (the charged transaction for charges, the dispute for disputes, the subscription
 * otherwise) and the timestamp is the notification's own, in ISO 8601 UTC. A redelivery
 * of the same notification is the same payload, so it maps to the same key.
 */
export function normalizeBraintreeEvent(payload: string): NormalizeResult {
  return normalizing(() => {
    const notification = decodeNotification(payload);
    const kind = required(notification, "kind", "notification.kind");
    const timestamp = isoTime(textAt(notification, "timestamp"), "notification.timestamp");
    const subscription = path(notification, "subject.subscription");
    const disputeXml = path(notification, "subject.dispute");
    // Braintree lists a subscription's transactions most recent first.
    const latest = path(subscription, "transactions.transaction");
    const subjectId = textAt(latest, "id") ?? textAt(disputeXml, "id") ?? textAt(subscription, "id") ?? "-";
    const base = { gateway: "braintree" as const, external_event_id: `${kind}:${subjectId}:${timestamp}`, occurred_at: timestamp, livemode: true };
    const ignored = (reason: string): GatewayEvent => ({ ...base, type: "ignored", reason });

    switch (kind) {
      case "subscription_charged_successfully":
        return sale(subscription, latest, base);
      case "subscription_charged_unsuccessfully":
        return ignored(`the subscription charge failed (status ${textAt(latest, "status") ?? "unknown"}); a later successful charge is the sale`);
      case "subscription_canceled": {
        const customer = textAt(latest, "customer.id");
        return {
          ...base,
          type: "cancellation",
          subscription_id: required(subscription, "id", "subscription.id"),
          ...(customer ? { customer_external_id: customer } : {}),
        };
      }
      case "subscription_went_active": {
        // The first successful charge activates a subscription: it binds the customer to
        // the click like a checkout would. The charge itself arrives as its own sale.
        required(subscription, "id", "subscription.id");
        const customer = textAt(latest, "customer.id");
        if (!customer) return ignored("the activated subscription names no customer");
        const clickId = clickIdFrom(customField(latest));
        const email = textAt(latest, "customer.email");
        const promoCode = textAt(subscription, "discounts.discount.id");
        return {
          ...base,
          type: "lead",
          customer_external_id: customer,
          ...(clickId ? { click_id: clickId } : {}),
          ...(email ? { email } : {}),
          ...(promoCode ? { promo_code: promoCode } : {}),
        };
      }
      case "dispute_opened":
      case "dispute_won":
      case "dispute_lost":
        return dispute(DISPUTE_PHASE[kind], disputeXml, base, ignored);
      default:
        return ignored(`${kind} notifications are not used for attribution`);
    }
  });
}

type Base = { gateway: "braintree"; external_event_id: string; occurred_at: string; livemode: boolean };

const DISPUTE_PHASE = { dispute_opened: "opened", dispute_won: "won", dispute_lost: "lost" } as const;

const DAY_MS = 86_400_000;

function sale(subscription: XmlElement | undefined, transaction: XmlElement | undefined, base: Base): GatewayEvent {
  const subscriptionId = required(subscription, "id", "subscription.id");
  const transactionId = required(transaction, "id", "transaction.id");
  const { amount, currency } = braintreeMoney(transaction, "transaction", "amount");
  const occurredAt = textAt(transaction, "created-at");
  const at = occurredAt ? { ...base, occurred_at: isoTime(occurredAt, "transaction.created-at") } : base;
  if (amount === 0) return { ...at, type: "ignored", reason: "zero-amount charge" };
  const customer = textAt(transaction, "customer.id");
  if (!customer) throw new PayloadError("transaction.customer.id", "the charged transaction names no customer");
  const clickId = clickIdFrom(customField(transaction));
  const planId = textAt(subscription, "plan-id");
  const promoCode = textAt(subscription, "discounts.discount.id");
  const first = isFirstCycle(subscription);
  const trialConverted = first && textAt(subscription, "trial-period") === "true";
  return {
    ...at,
    type: "sale",
    customer_external_id: customer,
    ...(clickId ? { click_id: clickId } : {}),
    amount,
    currency,
    invoice_id: transactionId,
    // Disputes name the transaction: it is also the payment.
    payment_id: transactionId,
    subscription_id: subscriptionId,
    // A Braintree plan is both the product and its price.
    ...(planId ? { product_id: planId, price_id: planId } : {}),
    ...(promoCode ? { promo_code: promoCode } : {}),
    kind: isMidCycleCharge(subscription, transaction, amount, currency) ? "proration" : first ? "first_purchase" : "renewal",
    ...(trialConverted ? { trial_converted: true } : {}),
  };
}

/**
 * `current-billing-cycle` is 1 on the first paid charge (a trial does not count as a
 * cycle); without it, one transaction means the first.
 */
function isFirstCycle(subscription: XmlElement | undefined): boolean {
  const cycle = textAt(subscription, "current-billing-cycle");
  if (cycle !== undefined) return cycle === "1";
  return (path(subscription, "transactions")?.children.length ?? 0) <= 1;
}

/**
 * Braintree also sends subscription_charged_successfully for the immediate charge of a
 * plan change with proration. Such a charge happens inside the billing period (not on its
 * first day, allowing a day for the merchant's time zone) and is not the regular price; a
 * late retry of a failed renewal also happens mid-period but charges the regular amount.
 */
function isMidCycleCharge(subscription: XmlElement | undefined, transaction: XmlElement | undefined, amount: number, currency: string): boolean {
  const periodStart = Date.parse(textAt(subscription, "billing-period-start-date") ?? "");
  const chargedAt = Date.parse(textAt(transaction, "created-at") ?? "");
  if (Number.isNaN(periodStart) || Number.isNaN(chargedAt) || chargedAt < periodStart + 2 * DAY_MS) return false;
  const regular = textAt(subscription, "next-bill-amount") ?? textAt(subscription, "price");
  return regular === undefined || decimalToMinor(regular, currency) !== amount;
}

/**
 * Only a chargeback moves money. A `retrieval` is a request for documents, and
 * `pre_arbitration` / `arbitration` are later stages of the same chargeback on the same
 * transaction, whose opening already counted: reversing it again would count it twice.
 */
function dispute(phase: DisputePhase, dispute: XmlElement | undefined, base: Base, ignored: (reason: string) => GatewayEvent): GatewayEvent {
  const disputeId = required(dispute, "id", "dispute.id");
  const transactionId = required(dispute, "transaction.id", "dispute.transaction.id");
  const disputeKind = textAt(dispute, "kind") ?? "chargeback";
  if (disputeKind === "retrieval") return ignored("a retrieval request asks for documents and moves no money");
  if (disputeKind !== "chargeback") return ignored(`a ${disputeKind} dispute is a later stage of the chargeback on transaction ${transactionId}, which counts once`);
  const { amount, currency } = braintreeMoney(dispute, "dispute", textAt(dispute, "amount-disputed") ? "amount-disputed" : "amount");
  return { ...base, type: "dispute", phase, dispute_id: disputeId, invoice_id: transactionId, payment_id: transactionId, amount, currency };
}

/**
 * The `rk_click` custom field. Braintree writes custom field names with dashes or
 * underscores; this one path reads both, because xml.ts matches tag names treating `-` and
 * `_` alike.
 */
function customField(transaction: XmlElement | undefined): string | undefined {
  return textAt(transaction, "custom-fields.rk-click");
}

function required(element: XmlElement | undefined, dotted: string, param = dotted): string {
  const value = textAt(element, dotted);
  if (value === undefined) throw new PayloadError(param, `${param} is missing`);
  return value;
}

function decodeNotification(payload: string): XmlElement {
  let xml: string;
  try {
    const bytes = fromBase64(payload.replace(/\n/g, ""));
    if (!bytes) throw new Error("not base64");
    xml = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new PayloadError("bt_payload", "bt_payload is not base64 of UTF-8 text");
  }
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw new PayloadError("bt_payload", `bt_payload is not readable XML: ${error.message}`);
    throw error;
  }
  if (root.name !== "notification") throw new PayloadError("bt_payload", `expected <notification>, got <${root.name}>`);
  return root;
}
