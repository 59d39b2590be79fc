import type { TrackingEventSource, TrackingEventType } from "../db/schema/events";

/**
 * What the edge puts on the queues and the jobs consume. Each message carries many items
 * (see micro-batch.ts); field names are short because they are repeated per item.
 */

/** One counted click, as the edge saw it. */
export interface ClickRecord {
  /** The signed click id. */
  id: string;
  link: string;
  brand: string;
  campaign: string;
  enrollment: string;
  affiliate: string;
  /** Epoch milliseconds. */
  at: number;
  country?: string;
  referrer?: string;
  ua?: string;
  /** Hashed by the consumer before it is stored; never written as is. */
  ip?: string;
}

export interface ClickBatchMessage {
  v: 1;
  clicks: ClickRecord[];
}

/**
 * One accepted event: signature checked, body validated, brand known from the S2S key or
 * the gateway connection (never from the payload). For a gateway, `data` is the normalized
 * GatewayEvent (src/gateways/types.ts) and `type` its type.
 */
export interface AcceptedEvent {
  id: string;
  brand: string;
  /** Absent means `s2s` (messages queued before gateways existed). */
  source?: TrackingEventSource;
  /** The S2S key that signed it (S2S only). */
  key?: string;
  /** The gateway connection it came through (gateways only). */
  connection?: string;
  /** False for a gateway's test mode; absent means live. */
  livemode?: boolean;
  /** The sender's `webhook-id`; for a gateway, its event id (derived for Braintree). */
  delivery: string;
  type: TrackingEventType;
  data: Record<string, unknown>;
  /** Epoch milliseconds at the edge. */
  receivedAt: number;
}

export interface EventBatchMessage {
  v: 1;
  events: AcceptedEvent[];
}

/** Gateway webhooks the edge refused for their signature, counted per isolate and flushed now and then (never the body). */
export interface SignatureRefusal {
  connection: string;
  brand: string;
  reason: string;
  count: number;
  /** Epoch milliseconds of the last refusal counted. */
  at: number;
}

export interface RefusalBatchMessage {
  v: 1;
  refusals: SignatureRefusal[];
}

/**
 * A Stripe event of Rekomi's platform account (`account` null: payout charges, refunds,
 * transfers) or of a creator's connected account (`account` = `acct_…`: `account.updated`,
 * `payout.*`), its signature checked at the edge. `object` is Stripe's `data.object` as sent.
 */
export interface PlatformStripeEvent {
  id: string;
  type: string;
  account: string | null;
  livemode: boolean;
  /** Stripe's `created`, epoch seconds. */
  created: number;
  object: Record<string, unknown>;
  /** Stripe's `data.previous_attributes`, when present. */
  previous?: Record<string, unknown>;
  /** Epoch milliseconds at the edge. */
  receivedAt: number;
}

/**
 * Queue `rekomi-payouts`: Stripe events from the edge, and run steps the app schedules
 * for itself (after an approval, a retry or the sweeper: make the run's next move).
 */
export type PayoutMessage = { v: 1; kind: "stripe_event"; event: PlatformStripeEvent } | { v: 1; kind: "advance_run"; brand: string; run: string };
