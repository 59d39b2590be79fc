import { eventTimeProblem } from "../event-time";
import { unstorableTextPath } from "../infra/http/text";

/** The clock difference a gateway's timestamp may have with ours (the S2S signature tolerance). */
const EVENT_TIME_TOLERANCE_MS = 5 * 60_000;

/**
 * What the edge gets back from a gateway webhook: a verdict on the signature, then one
 * normalized event. Pure data (snake_case, ISO timestamps, integer minor units) so it can
 * go onto the "events" queue as is and be handled next to S2S lead / sale / refund events.
 */

export type GatewayName = "stripe" | "paddle" | "braintree";

/** Why a signature was refused; the edge turns each into its own clear error. */
export type SignatureFailure = "missing" | "malformed" | "stale" | "future" | "mismatch";

export type SignatureResult = { ok: true } | { ok: false; reason: SignatureFailure; message: string };

export interface TimestampOptions {
  /** Current time in milliseconds; tests pin it. */
  now?: number;
  /** Allowed clock difference either way, in seconds. */
  toleranceSeconds?: number;
}

export type SaleKind = "first_purchase" | "renewal" | "upgrade" | "proration";
export type RefundReason = "refund" | "partial_refund" | "chargeback";

interface EventBase {
  gateway: GatewayName;
  /** The gateway's own id for this notification: the idempotency key downstream. */
  external_event_id: string;
  /** When the gateway says it happened (ISO 8601, UTC). */
  occurred_at: string;
}

export interface LeadEvent extends EventBase {
  type: "lead";
  customer_external_id: string;
  click_id?: string;
  email?: string;
}

export interface SaleEvent extends EventBase {
  type: "sale";
  customer_external_id: string;
  click_id?: string;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
  /** The gateway's id of what was paid (Stripe invoice, Paddle transaction, Braintree transaction). */
  invoice_id: string;
  subscription_id?: string;
  product_id?: string;
  kind: SaleKind;
}

export interface RefundEvent extends EventBase {
  type: "refund";
  /**
   * The sale's `invoice_id`, or null when the gateway's payload does not name it: Stripe
   * disputes never do, and Stripe charges stopped naming their invoice in API version
   * 2025-03-31.basil. Then `payment_id` is the key to look the invoice up with.
   */
  invoice_id: string | null;
  payment_id?: string;
  /** The gateway's id of this refund / adjustment / dispute, so one refund is never applied twice. */
  refund_id: string;
  amount: number;
  currency: string;
  reason: RefundReason;
}

export interface CancellationEvent extends EventBase {
  type: "cancellation";
  /** Absent when the gateway does not say (Braintree subscriptions carry no customer id). */
  customer_external_id?: string;
  subscription_id: string;
}

export interface TrialStartedEvent extends EventBase {
  type: "trial_started";
  customer_external_id: string;
  subscription_id: string;
  click_id?: string;
  trial_ends_at?: string;
}

/** A genuine notification we deliberately do nothing with; the reason is for logs. */
export interface IgnoredEvent extends EventBase {
  type: "ignored";
  reason: string;
}

export type GatewayEvent = LeadEvent | SaleEvent | RefundEvent | CancellationEvent | TrialStartedEvent | IgnoredEvent;

/**
 * A signed payload either normalizes or names the field that made no sense (`param`, a
 * path into the payload), so the edge can answer with the error envelope, never a 500.
 */
export type NormalizeResult = { ok: true; event: GatewayEvent } | { ok: false; param: string; message: string };

/** Thrown by the small readers inside normalizers and turned into `{ ok: false }` at their boundary. */
export class PayloadError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs a normalizer body, turning a PayloadError into the failed result. The event it
 * produces gets the same rules as S2S events before anything is queued: no text Postgres
 * cannot store (src/infra/http/text.ts), and an `occurred_at` from 2000 on and not in the future.
 */
export function normalizing(body: () => GatewayEvent, now = Date.now()): NormalizeResult {
  try {
    const event = body();
    const unstorable = unstorableTextPath(event);
    if (unstorable !== null) return { ok: false, param: unstorable, message: `${unstorable} holds text that cannot be stored (NUL or an unpaired UTF-16 surrogate)` };
    const timeProblem = eventTimeProblem(Date.parse(event.occurred_at), now, EVENT_TIME_TOLERANCE_MS);
    if (timeProblem) return { ok: false, param: "occurred_at", message: `occurred_at ${event.occurred_at} ${timeProblem}` };
    return { ok: true, event };
  } catch (error) {
    if (error instanceof PayloadError) return { ok: false, param: error.param, message: error.message };
    throw error;
  }
}

const CLICK_ID = /^clk_[A-Za-z0-9_-]{1,120}$/;

/**
 * A Rekomi click id from a free-form gateway field, or undefined. Brands also use fields
 * like Stripe's `client_reference_id` for their own ids, so only our `clk_` shape counts;
 * the consumer still checks the click id's own signature.
 */
export function clickIdFrom(value: unknown): string | undefined {
  return typeof value === "string" && CLICK_ID.test(value.trim()) ? value.trim() : undefined;
}
