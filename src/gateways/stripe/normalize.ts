import { Reader, unixTime } from "../read";
import { clickIdFrom, normalizing, type GatewayEvent, type NormalizeResult } from "../types";
import { checkoutCompleted, dispute, invoicePaid, refund } from "./payments";

/**
 * Turns a verified Stripe event body into one GatewayEvent. Webhook payloads follow the
 * endpoint's pinned API version, so fields that moved in 2025-03-31.basil are read in both
 * places (see payments.ts). Amounts are converted from Stripe's minor units to ISO's
 * (money.ts). `livemode`, `account` (Connect) and `api_version` come from the event.
 */
export function normalizeStripeEvent(rawBody: string): NormalizeResult {
  return normalizing(() => {
    const event = Reader.json(rawBody);
    const type = event.str("type");
    const object = event.at("data.object");
    const account = event.optStr("account");
    const apiVersion = event.optStr("api_version");
    const base: StripeBase = {
      gateway: "stripe",
      external_event_id: event.str("id"),
      occurred_at: unixTime(event.int("created"), "created"),
      livemode: event.get("livemode") === true,
      ...(account ? { account } : {}),
      ...(apiVersion ? { api_version: apiVersion } : {}),
    };
    const ignored = (reason: string): GatewayEvent => ({ ...base, type: "ignored", reason });

    switch (type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded":
        return checkoutCompleted(type, object, base, ignored);
      case "invoice.paid":
        return invoicePaid(object, base, ignored);
      case "refund.created":
      case "refund.updated":
        return refund(object, base, ignored);
      case "charge.refunded":
        return ignored("refund.created / refund.updated carry each refund with its own id and amount; charge.refunded only has the running total");
      case "charge.dispute.created":
      case "charge.dispute.funds_withdrawn":
      case "charge.dispute.funds_reinstated":
      case "charge.dispute.closed":
        return dispute(type, object, base, ignored);
      case "customer.created": {
        // A customer the brand created itself with `metadata.rk_click` (docs/tracking.md)
        // binds to that click. customer.updated is not used: Stripe sends it for every
        // change (a saved card, a balance), and checkout customers bind through the session.
        const clickId = clickIdFrom(object.get("metadata.rk_click"));
        if (!clickId) return ignored("the customer's metadata has no rk_click");
        const email = object.optStr("email");
        return { ...base, type: "lead", customer_external_id: object.str("id"), click_id: clickId, ...(email ? { email } : {}) };
      }
      case "customer.subscription.deleted":
        return {
          ...base,
          type: "cancellation",
          customer_external_id: object.str("customer"),
          subscription_id: object.str("id"),
          occurred_at: endedAt(object, base.occurred_at),
        };
      case "customer.subscription.created": {
        const trialEnd = object.optInt("trial_end");
        if (object.optStr("status") !== "trialing" || trialEnd === undefined) {
          return ignored("the subscription starts without a trial; its first paid invoice is the sale");
        }
        const clickId = clickIdFrom(object.get("metadata.rk_click")) ?? clickIdFrom(object.get("customer.metadata.rk_click"));
        return {
          ...base,
          type: "trial_started",
          customer_external_id: object.str("customer"),
          subscription_id: object.str("id"),
          ...(clickId ? { click_id: clickId } : {}),
          trial_ends_at: unixTime(trialEnd, object.param("trial_end")),
        };
      }
      default:
        // invoice.payment_succeeded is among these on purpose: it fires alongside invoice.paid.
        return ignored(`${type} events are not used for attribution`);
    }
  });
}

export interface StripeBase {
  gateway: "stripe";
  external_event_id: string;
  occurred_at: string;
  livemode: boolean;
  account?: string;
  api_version?: string;
}

export type Ignore = (reason: string) => GatewayEvent;

/** When a subscription ended (else was canceled, else the event's own time). */
function endedAt(subscription: Reader, eventTime: string): string {
  const path = ["ended_at", "canceled_at"].find((p) => subscription.optInt(p) !== undefined);
  return path ? unixTime(subscription.int(path), subscription.param(path)) : eventTime;
}
