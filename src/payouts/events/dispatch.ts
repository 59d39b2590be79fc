import { onRunChargeEvent } from "./run-events";
import { onTransferReversed } from "./transfer-events";
import type { StripeEventHandler } from "./types";

/** Refunds Rekomi made itself (settlements, reversals): already recorded when they were made. */
const alreadyRecorded: StripeEventHandler = async (event) => {
  console.log(JSON.stringify({ level: "debug", message: "Stripe refund event of Rekomi's own refund; nothing to do", event_id: event.id, type: event.type }));
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
  "refund.failed": alreadyRecorded,
  // ── Creators' connected accounts (`account.updated`, `payout.*`) and the brand's payment
  // method (`checkout.session.completed`): their handlers are added here at merge. ──
};
