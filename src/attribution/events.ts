import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { gatewayConnections, trackingEvents } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { recordCancellation } from "./cancellation";
import type { Recorded } from "./conversion";
import { recordDispute } from "./dispute";
import type { CancellationData, DisputeData, LeadData, RefundData, SaleData, TrialStartedData } from "./inputs";
import { recordLead, recordTrialStarted } from "./lead";
import { recordRefund } from "./refund";
import { recordSale } from "./sale";

export type { EventOutcome, Recorded } from "./conversion";

/**
 * The mode an event is recorded in (its connection's for a gateway, live for S2S) and why
 * it is not this connection's to record, if so. Read under the brand's principal: the edge
 * found the connection by the id in the webhook URL, but the payload may still belong
 * elsewhere: an event naming another account (`account`) on a normal connection, or a
 * test-mode event on a live connection (or the reverse). On a Stripe Connect platform
 * connection every event names one of the platform's connected accounts: those are the
 * brand's sales, recorded.
 */
async function connectionVerdict(tx: Tx, event: AcceptedEvent): Promise<{ livemode: boolean; foreign?: string }> {
  const claimed = event.livemode ?? true;
  if (!event.connection) return { livemode: claimed };
  const [connection] = await tx
    .select({ accountId: gatewayConnections.accountId, livemode: gatewayConnections.livemode, connect: gatewayConnections.connect })
    .from(gatewayConnections)
    .where(eq(gatewayConnections.id, event.connection));
  if (!connection) return { livemode: claimed };
  const { livemode } = connection;
  const account = event.data.account;
  if (!connection.connect && typeof account === "string" && connection.accountId && account !== connection.accountId) return { livemode, foreign: `account ${account} is not this connection's account (${connection.accountId})` };
  const eventMode = event.data.livemode;
  if (typeof eventMode === "boolean" && eventMode !== livemode) return { livemode, foreign: `a ${eventMode ? "live" : "test"}-mode event on a ${livemode ? "live" : "test"}-mode connection` };
  return { livemode };
}

/**
 * Records one accepted event, its conversion and the conversion's webhook event in the
 * caller's transaction (under the event's brand). The event row goes first: if this
 * delivery was already recorded, the unique (brand, source, delivery id) key makes the
 * rest a no-op. Ignored gateway notifications (and events of another account or mode) are
 * kept as tracking events only, with their reason, for the connection's health page.
 */
export async function recordEvent(tx: Tx, key: CryptoKey, accepted: AcceptedEvent): Promise<Recorded> {
  const source = accepted.source ?? "s2s";
  const { livemode, foreign } = await connectionVerdict(tx, accepted);
  const event = { ...accepted, livemode };
  const [fresh] = await tx
    .insert(trackingEvents)
    .values({
      id: event.id,
      brandId: event.brand,
      source,
      deliveryId: event.delivery,
      keyId: source === "s2s" ? event.key : null,
      connectionId: event.connection ?? null,
      livemode,
      type: foreign ? "ignored" : event.type,
      payload: foreign ? { ...event.data, type: "ignored", ignored_type: event.type, reason: foreign } : event.data,
      receivedAt: new Date(event.receivedAt),
    })
    .onConflictDoNothing()
    .returning({ id: trackingEvents.id });
  if (!fresh) return { outcome: "duplicate_event", deliveries: [] };
  if (event.connection) await touchConnection(tx, event.connection, new Date(event.receivedAt));
  if (foreign) return { outcome: "ignored", deliveries: [] };
  switch (event.type) {
    case "lead":
      return recordLead(tx, key, event, event.data as unknown as LeadData);
    case "sale":
      return recordSale(tx, key, event, event.data as unknown as SaleData);
    case "refund":
      return recordRefund(tx, event, event.data as unknown as RefundData);
    case "dispute":
      return recordDispute(tx, event, event.data as unknown as DisputeData);
    case "cancellation":
      return recordCancellation(tx, key, event, event.data as unknown as CancellationData);
    case "trial_started":
      return recordTrialStarted(tx, key, event, event.data as unknown as TrialStartedData);
    case "ignored":
      return { outcome: "ignored", deliveries: [] };
  }
}

/** The connection's "last event received" (its health page); never moved backwards by a late redelivery. */
async function touchConnection(tx: Tx, connectionId: string, at: Date): Promise<void> {
  await tx
    .update(gatewayConnections)
    .set({ lastEventAt: at })
    .where(and(eq(gatewayConnections.id, connectionId), or(isNull(gatewayConnections.lastEventAt), lt(gatewayConnections.lastEventAt, at))));
}
