import type { TrackingEventType } from "../db/schema/events";

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

/** One accepted S2S event: signature checked, body validated, brand known from the key. */
export interface AcceptedEvent {
  id: string;
  brand: string;
  key: string;
  /** The sender's `webhook-id`. */
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
