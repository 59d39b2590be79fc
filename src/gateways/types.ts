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

export type { SaleKind, DisputePhase } from "../infra/db/schema/conversions";
import type { SaleKind, DisputePhase } from "../infra/db/schema/conversions";

interface EventBase {
  gateway: GatewayName;
  /** The gateway's own id for this notification: the idempotency key downstream (derived for Braintree, which has none). */
  external_event_id: string;
  /** When the gateway says it happened (ISO 8601, UTC). */
  occurred_at: string;
  /**
   * False for the gateway's test mode / sandbox. The consumer refuses an event whose mode
   * differs from its connection's. Stripe says it in every event; Paddle and Braintree
   * payloads carry no mode (sandbox and live are separate accounts with separate secrets),
   * so their normalizers say `true` and the connection's own mode decides.
   */
  livemode: boolean;
  /** Stripe Connect: the connected account the event happened on (`event.account`). */
  account?: string;
  /** The API version the payload was rendered in (Stripe `api_version`), kept for support. */
  api_version?: string;
}

/** A customer signed up or checked out: binds the customer to the click (or promotion code) that brought them. */
export interface LeadEvent extends EventBase {
  type: "lead";
  customer_external_id: string;
  click_id?: string;
  email?: string;
  promo_code?: string;
}

export interface SaleEvent extends EventBase {
  type: "sale";
  /** Absent only for a one-time payment without a customer (then the click alone credits it). */
  customer_external_id?: string;
  click_id?: string;
  /** Integer minor units of `currency`, ISO 4217 exponent (converted at the boundary where a gateway differs). */
  amount: number;
  currency: string;
  /** The gateway's id of what was paid (Stripe invoice or Checkout Session for one-time payments, Paddle transaction, Braintree transaction). */
  invoice_id: string;
  /** The money movement refunds and disputes name (Stripe `pi_…` or `ch_…`, Paddle `txn_…`, Braintree transaction id). */
  payment_id?: string;
  subscription_id?: string;
  product_id?: string;
  price_id?: string;
  /** The promotion code or coupon the payment used, as the gateway names it. */
  promo_code?: string;
  kind: SaleKind;
  /**
   * The first paid charge after a free trial (kind is then `first_purchase`). Set where the
   * payload says so (Braintree: `trial-period` with billing cycle 1). Stripe invoices and
   * Paddle transactions do not say a trial preceded them (the post-trial charge is an
   * ordinary `subscription_cycle` / `subscription_recurring` one): for them
   * `withTrialConversion` (trial.ts) decides from the subscription's history, which only
   * the consumer has.
   */
  trial_converted?: boolean;
  /**
   * Not sent by a gateway: the app's events consumer sets it when Stripe could not be asked
   * for the link the payload left out (src/gateways/stripe/resolve-payments.ts), for the trail.
   */
  payment_lookup?: string;
}

export interface RefundEvent extends EventBase {
  type: "refund";
  /**
   * The sale's `invoice_id`, or null when the gateway's payload does not name it (Stripe
   * refund and dispute objects name only the payment, `pi_…` or `ch_…`). Then
   * `payment_id` is the key to look the sale up with.
   */
  invoice_id: string | null;
  payment_id?: string;
  /** The gateway's id of this one refund (Stripe `re_…`, Paddle adjustment, Braintree credit transaction), so it is applied once. */
  refund_id: string;
  amount: number;
  currency: string;
  /**
   * True when less than the whole payment was refunded. Absent when the payload does not
   * say: Stripe's refund object names its payment but not the payment's amount, so the
   * consumer compares with the sale it finds.
   */
  partial?: boolean;
  /**
   * Not sent by a gateway: the app's events consumer sets it when Stripe could not be asked
   * for the link the payload left out (src/gateways/stripe/resolve-payments.ts), for the trail.
   */
  payment_lookup?: string;
}

/**
 * A chargeback, by phase. `opened`: the gateway took the money from the brand (Stripe
 * disputes other than inquiries, Paddle `chargeback`, Braintree `dispute_opened` of kind
 * chargeback): reversed like a refund. `won`: the money came back, what `opened` took is
 * reinstated. `lost`: final, nothing moves. Inquiries and retrievals take no money and are
 * ignored, and a later phase of the same dispute (pre-arbitration) is the same dispute.
 */
export interface DisputeEvent extends EventBase {
  type: "dispute";
  phase: DisputePhase;
  /**
   * What ties a dispute's phases together: Stripe `du_…`, Braintree's dispute id, and for
   * Paddle the transaction (a chargeback and its `chargeback_reverse` are two adjustments
   * with different ids on the same transaction).
   */
  dispute_id: string;
  invoice_id: string | null;
  payment_id?: string;
  amount: number;
  currency: string;
  /**
   * Not sent by a gateway: the app's events consumer sets it when Stripe could not be asked
   * for the link the payload left out (src/gateways/stripe/resolve-payments.ts), for the trail.
   */
  payment_lookup?: string;
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
  email?: string;
  trial_ends_at?: string;
}

/** A genuine notification we deliberately do nothing with; the reason is kept for the connection's health page. */
export interface IgnoredEvent extends EventBase {
  type: "ignored";
  reason: string;
}

export type GatewayEvent = LeadEvent | SaleEvent | RefundEvent | DisputeEvent | CancellationEvent | TrialStartedEvent | IgnoredEvent;

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
