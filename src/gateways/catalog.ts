import type { GatewayName } from "./types";

/**
 * The notifications each gateway must send a connection: what Rekomi subscribes its
 * registered endpoint to (Stripe `enabled_events`, Paddle `subscribed_events`), and what the
 * dashboard tells a brand to tick in Braintree's control panel. Everything else a gateway
 * sends is recorded as ignored, with the reason, for the connection's health page.
 */
export const GATEWAY_EVENTS: Record<GatewayName, readonly string[]> = {
  stripe: [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "invoice.paid",
    "refund.created",
    "refund.updated",
    "charge.dispute.created",
    "charge.dispute.funds_withdrawn",
    "charge.dispute.funds_reinstated",
    "charge.dispute.closed",
    "customer.created",
    "customer.subscription.created",
    "customer.subscription.deleted",
  ],
  paddle: ["transaction.completed", "adjustment.created", "adjustment.updated", "subscription.created", "subscription.canceled"],
  braintree: [
    "subscription_went_active",
    "subscription_charged_successfully",
    "subscription_canceled",
    "dispute_opened",
    "dispute_won",
    "dispute_lost",
  ],
};
