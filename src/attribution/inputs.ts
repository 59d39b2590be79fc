import type { DisputePhase, SaleKind } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { parseRfc3339 } from "../event-time";

/**
 * What the recorders read from an accepted event's `data`: the S2S body (src/ingest/schemas.ts)
 * or the normalized gateway event (src/gateways/types.ts). Both use the same field names, so
 * one recorder serves both; the gateway-only fields are optional here.
 */
export interface LeadData {
  customer_external_id: string;
  click_id?: string;
  email?: string;
  promo_code?: string;
}

export interface SaleData {
  customer_external_id?: string;
  click_id?: string;
  amount: number;
  currency: string;
  invoice_id: string;
  payment_id?: string;
  subscription_id?: string;
  product_id?: string;
  price_id?: string;
  promo_code?: string;
  kind?: SaleKind;
  trial_converted?: boolean;
  /** Set by the consumer when Stripe could not be asked for the link the payload left out (src/gateways/stripe/resolve-payments.ts). */
  payment_lookup?: string;
}

export interface RefundData {
  invoice_id: string | null;
  payment_id?: string;
  /** The gateway's refund id: one refund is applied once. S2S refunds carry none. */
  refund_id?: string;
  amount: number;
  currency: string;
  partial?: boolean;
  /** Set by the consumer when Stripe could not be asked for the link the payload left out (src/gateways/stripe/resolve-payments.ts). */
  payment_lookup?: string;
}

export interface DisputeData {
  dispute_id: string;
  phase: DisputePhase;
  invoice_id?: string | null;
  payment_id?: string;
  amount: number;
  currency: string;
  /** Set by the consumer when Stripe could not be asked for the link the payload left out (src/gateways/stripe/resolve-payments.ts). */
  payment_lookup?: string;
}

export interface CancellationData {
  subscription_id: string;
  customer_external_id?: string;
}

export interface TrialStartedData {
  customer_external_id: string;
  subscription_id: string;
  click_id?: string;
  email?: string;
}

/** When the event happened: the sender's `occurred_at` when it gives one (gateways always do), else when the edge accepted it. */
export function eventTime(event: AcceptedEvent): Date {
  const occurred = typeof event.data.occurred_at === "string" ? parseRfc3339(event.data.occurred_at) : null;
  return new Date(occurred ?? event.receivedAt);
}

/** The columns every conversion of `event` carries: its brand, event, source, connection and mode. */
export function origin(event: AcceptedEvent) {
  return {
    brandId: event.brand,
    sourceEventId: event.id,
    source: event.source ?? "s2s",
    connectionId: event.connection ?? null,
    livemode: event.livemode ?? true,
  };
}
