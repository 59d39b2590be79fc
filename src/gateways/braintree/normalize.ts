import { isoCurrency } from "../../currencies";
import { fromBase64 } from "../../infra/encoding";
import { decimalToMinor } from "../../money";
import { isoTime } from "../read";
import { clickIdFrom, normalizing, PayloadError, type GatewayEvent, type NormalizeResult } from "../types";
import { parseXml, path, textAt, XmlError, type XmlElement } from "./xml";

/**
 * Turns a verified `bt_payload` (base64 of a `<notification>` XML document) into one
 * GatewayEvent. Braintree notifications carry no id of their own, so the idempotency key
 * is built from the notification kind and the id of what it is about (the transaction for
 * charges, the subscription or dispute otherwise): a redelivery maps to the same key.
 */
export function normalizeBraintreeEvent(payload: string): NormalizeResult {
  return normalizing(() => {
    const notification = decodeNotification(payload);
    const kind = required(notification, "kind", "notification.kind");
    const timestamp = isoTime(textAt(notification, "timestamp"), "notification.timestamp");
    const subscription = path(notification, "subject.subscription");
    // Braintree lists a subscription's transactions most recent first.
    const latest = path(subscription, "transactions.transaction");
    const base = { gateway: "braintree" as const, occurred_at: timestamp, livemode: true };
    const ignored = (key: string, reason: string): GatewayEvent => ({ ...base, type: "ignored", external_event_id: `${kind}:${key}`, reason });

    switch (kind) {
      case "subscription_charged_successfully":
        return sale(subscription, latest, base);
      case "subscription_charged_unsuccessfully": {
        const key = textAt(latest, "id") ?? `${required(subscription, "id", "subscription.id")}:${timestamp}`;
        const status = textAt(latest, "status") ?? "unknown";
        return ignored(key, `the subscription charge failed (status ${status}); a later successful charge is the sale`);
      }
      case "subscription_canceled": {
        const subscriptionId = required(subscription, "id", "subscription.id");
        const customer = textAt(latest, "customer.id");
        return {
          ...base,
          type: "cancellation",
          external_event_id: `${kind}:${subscriptionId}`,
          subscription_id: subscriptionId,
          ...(customer ? { customer_external_id: customer } : {}),
        };
      }
      case "subscription_went_active": {
        // The first successful charge activates a subscription: it binds the customer to
        // the click like a checkout would. The charge itself arrives as its own sale.
        const subscriptionId = required(subscription, "id", "subscription.id");
        const key = `${subscriptionId}:${textAt(latest, "id") ?? timestamp}`;
        const customer = textAt(latest, "customer.id");
        if (!customer) return ignored(key, "the activated subscription names no customer");
        const clickId = clickIdFrom(customField(latest));
        const email = textAt(latest, "customer.email");
        return {
          ...base,
          type: "lead",
          external_event_id: `${kind}:${key}`,
          customer_external_id: customer,
          ...(clickId ? { click_id: clickId } : {}),
          ...(email ? { email } : {}),
        };
      }
      case "dispute_opened":
        return chargeback(path(notification, "subject.dispute"), base);
      default: {
        const about = textAt(subscription, "id") ?? textAt(notification, "subject.dispute.id") ?? "-";
        return ignored(`${about}:${timestamp}`, `${kind} notifications are not used for attribution`);
      }
    }
  });
}

type Base = { gateway: "braintree"; occurred_at: string; livemode: boolean };

function sale(subscription: XmlElement | undefined, transaction: XmlElement | undefined, base: Base): GatewayEvent {
  const subscriptionId = required(subscription, "id", "subscription.id");
  const transactionId = required(transaction, "id", "transaction.id");
  const externalId = `subscription_charged_successfully:${transactionId}`;
  const { amount, currency } = money(transaction, "transaction", "amount");
  const occurredAt = textAt(transaction, "created-at");
  const at = occurredAt ? { ...base, occurred_at: isoTime(occurredAt, "transaction.created-at") } : base;
  if (amount === 0) return { ...at, type: "ignored", external_event_id: externalId, reason: "zero-amount charge" };
  const customer = textAt(transaction, "customer.id");
  if (!customer) throw new PayloadError("transaction.customer.id", "the charged transaction names no customer");
  const clickId = clickIdFrom(customField(transaction));
  const productId = textAt(subscription, "plan-id");
  return {
    ...at,
    type: "sale",
    external_event_id: externalId,
    customer_external_id: customer,
    ...(clickId ? { click_id: clickId } : {}),
    amount,
    currency,
    invoice_id: transactionId,
    subscription_id: subscriptionId,
    ...(productId ? { product_id: productId } : {}),
    kind: isFirstCycle(subscription) ? "first_purchase" : "renewal",
  };
}

/** `current-billing-cycle` is 1 on the first charge; without it, one transaction means the first. */
function isFirstCycle(subscription: XmlElement | undefined): boolean {
  const cycle = textAt(subscription, "current-billing-cycle");
  if (cycle !== undefined) return cycle === "1";
  return (path(subscription, "transactions")?.children.length ?? 0) <= 1;
}

function chargeback(dispute: XmlElement | undefined, base: Base): GatewayEvent {
  const disputeId = required(dispute, "id", "dispute.id");
  const { amount, currency } = money(dispute, "dispute", textAt(dispute, "amount-disputed") ? "amount-disputed" : "amount");
  return {
    ...base,
    type: "dispute",
    phase: "opened",
    external_event_id: `dispute_opened:${disputeId}`,
    invoice_id: required(dispute, "transaction.id", "dispute.transaction.id"),
    dispute_id: disputeId,
    amount,
    currency,
  };
}

/** Braintree amounts are decimal strings ("49.99"): converted by the currency's exponent, without floats. */
function money(element: XmlElement | undefined, name: string, amountTag: string): { amount: number; currency: string } {
  const currency = isoCurrency(textAt(element, "currency-iso-code"));
  if (!currency) throw new PayloadError(`${name}.currency-iso-code`, `the ${name} has no ISO currency code`);
  const amount = decimalToMinor(required(element, amountTag, `${name}.${amountTag}`), currency);
  if (amount === null) throw new PayloadError(`${name}.${amountTag}`, `${name}.${amountTag} is not a decimal amount that ${currency} can hold`);
  return { amount, currency };
}

/** The `rk_click` custom field; Braintree writes custom field names with dashes or underscores. */
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
