import { applyAccountUpdated, applyBankPayout } from "../accounts/events";
import { applyCheckoutSetupCompleted } from "../payment-method/events";
import { onRefundFailed, onRunChargeDisputed, onRunChargeRefunded } from "./charge-events";
import { onRunChargeEvent } from "./run-events";
import { onTransferReversed } from "./transfer-events";
import type { StripeEventHandler } from "./types";

/** Refunds Rekomi made itself (settlements, reversals): recorded when they were made. */
const alreadyRecorded: StripeEventHandler = async (event) => {
  console.log(JSON.stringify({ level: "debug", message: "Stripe refund event; Rekomi's own refunds are recorded when made", event_id: event.id, type: event.type }));
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
  // Refunds to brands and chargebacks of runs' charges (platform account): Rekomi's own
  // refunds are recorded when made; anything else flags the run for staff.
  "charge.refunded": onRunChargeRefunded,
  "refund.created": alreadyRecorded,
  "refund.updated": alreadyRecorded,
  "refund.failed": onRefundFailed,
  "charge.dispute.created": onRunChargeDisputed,
  "charge.dispute.closed": onRunChargeDisputed,
  // The brand's payment method, saved through Checkout in setup mode (platform account).
  "checkout.session.completed": applyCheckoutSetupCompleted,
  // Creators' connected accounts (Connect endpoint).
  "account.updated": applyAccountUpdated,
  "payout.created": applyBankPayout,
  "payout.updated": applyBankPayout,
  "payout.paid": applyBankPayout,
  "payout.failed": applyBankPayout,
};
