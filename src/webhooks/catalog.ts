/** Every event type a brand can subscribe to. New features add theirs here. */
export const EVENT_TYPES = [
  "ping",
  "application.submitted",
  "application.approved",
  "application.rejected",
  "offer.accepted",
  "offer.declined",
  "offer.withdrawn",
  "enrollment.paused",
  "enrollment.resumed",
  "enrollment.ended",
  "lead.created",
  "sale.created",
  "refund.created",
  "dispute.opened",
  "dispute.won",
  "dispute.lost",
  "subscription.canceled",
  "trial.started",
  "commission.created",
  "commission.approved",
  "commission.reversed",
  "commission.voided",
  "commission.reinstated",
  "payout.created",
  "payout.paid",
  "payout.failed",
  "tax_form.submitted",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Retry schedule after a failed attempt, in seconds: quick at first, then every 12 hours
 * (the longest delay a Queue message can carry). 14 attempts span about 3.2 days.
 */
export const RETRY_DELAYS_S = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200, 43_200, 43_200, 43_200, 43_200] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_S.length + 1;

/** An endpoint failing without a single success for this long is disabled. */
export const AUTO_DISABLE_AFTER_MS = 3 * 86_400_000;

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

export const ATTEMPT_TIMEOUT_MS = 10_000;
