import { applyAccountUpdated, applyBankPayout } from "../accounts/events";
import { applyCheckoutSetupCompleted } from "../payment-method/events";
import { onRunChargeEvent } from "./run-events";
import { onTransferReversed } from "./transfer-events";
import type { StripeEventHandler } from "./types";

/** Refunds Rekomi made itself (settlements, reversals): already recorded when they were made. */
const alreadyRecorded: StripeEventHandler = async (event) => {
  console.log(JSON.stringify({ level: "debug", message: "Stripe refund event of Rekomi's own refund; nothing to do", event_id: event.id, type: event.type }));
};

/**
 * A refund to a brand that Stripe could not make leaves money on the platform's balance,
 * which must never carry any: say so loudly for staff (the run's refunded_amount already
 * counts it, and Stripe's dashboard is where it is retried).
 */
const refundFailed: StripeEventHandler = async (event) => {
  console.error(JSON.stringify({ level: "error", message: "a payout refund to a brand failed at Stripe; money is held on the platform until staff retry it", event_id: event.id, refund_id: event.object.id, charge: event.object.charge, reason: event.object.failure_reason }));
};

/**
 * Which handler applies each Stripe event type, platform and Connect alike. Types not
 * listed are acknowledged and logged (Stripe's endpoints may send more than we use).
 */
export const STRIPE_EVENT_HANDLERS: Record<string, StripeEventHandler> = {
  // Runs' charges (platform account).
  "payment_intent.succeeded": onRunChargeEvent,
  "payment_intent.payment_failed": onRunChargeEvent,
  "payment_intent.processing": onRunChargeEvent,
  "charge.succeeded": onRunChargeEvent,
  "charge.failed": onRunChargeEvent,
  // Transfers to creators (platform account).
  "transfer.reversed": onTransferReversed,
  "transfer.updated": onTransferReversed,
  // Refunds to brands (platform account).
  "charge.refunded": alreadyRecorded,
  "refund.created": alreadyRecorded,
  "refund.updated": alreadyRecorded,
  "refund.failed": refundFailed,
  // The brand's payment method, saved through Checkout in setup mode (platform account).
  "checkout.session.completed": applyCheckoutSetupCompleted,
  // Creators' connected accounts (Connect endpoint).
  "account.updated": applyAccountUpdated,
  "payout.created": applyBankPayout,
  "payout.updated": applyBankPayout,
  "payout.paid": applyBankPayout,
  "payout.failed": applyBankPayout,
};
