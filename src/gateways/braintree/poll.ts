import { eq, sql } from "drizzle-orm";
import { findGatewayConnection } from "../../gateway-connections/queries";
import { openBraintreeCredentials } from "../../gateway-connections/secrets";
import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { describeDbError } from "../../infra/db/errors";
import { braintreeConnectionsToPoll } from "../../infra/db/lookups";
import { withBrand } from "../../infra/db/principal";
import { gatewayConnections } from "../../infra/db/schema";
import type { AcceptedEvent } from "../../infra/queues/messages";
import { trackingEventId } from "../../ingest/event-id";
import { BraintreeApiError, fetchTransactions, searchTransactions, type BraintreeClient } from "./api";
import { REFUNDING_STATUSES, refundEvent } from "./refunds";
import { textAt, type XmlElement } from "./xml";

type Config = Pick<AppConfig, "EVENTS_QUEUE" | "SECRETS_ENCRYPTION_KEY" | "BRAINTREE_API_URL">;

/** A connection is searched again once its last search is this old (cron runs every minute). */
export const POLL_EVERY_MS = 5 * 60_000;
/**
 * Each search starts this long before the cursor: Braintree's search index trails new
 * transactions a little, and clocks differ. A refund found twice is the same event.
 */
const OVERLAP_MS = 15 * 60_000;
/** At most this much of a connection's history per run, so one far behind catches up in steps. */
const MAX_WINDOW_MS = 24 * 60 * 60_000;
const CONNECTIONS_PER_RUN = 100;
const AT_ONCE = 5;
/** Events per queue message: far below the 128 KB message limit. */
const EVENTS_PER_MESSAGE = 100;

export interface PollResult {
  polled: number;
  queued: number;
  failed: number;
}

/**
 * Cron: Braintree sends no webhook for card refunds, so each active Braintree connection's
 * credit transactions are searched every few minutes, from its cursor (`polled_until`, or
 * when it was connected) to now. Each refund goes onto the events queue as the edge would
 * put a webhook's event (same AcceptedEvent, id derived from `refund:{credit id}`, so the
 * consumer records it once however often it is found); the cursor advances only once the
 * events are queued. One connection failing (wrong keys, Braintree down) is logged and
 * retried next run without holding up the others.
 */
export async function pollBraintreeRefunds(config: Config, db: Db, now = new Date()): Promise<PollResult> {
  const due = await braintreeConnectionsToPoll(db, new Date(now.getTime() - POLL_EVERY_MS), CONNECTIONS_PER_RUN);
  const result: PollResult = { polled: 0, queued: 0, failed: 0 };
  for (let i = 0; i < due.length; i += AT_ONCE) {
    const outcomes = await Promise.allSettled(due.slice(i, i + AT_ONCE).map((c) => pollConnection(config, db, c.brand_id, c.connection_id, now)));
    outcomes.forEach((outcome, j) => {
      if (outcome.status === "fulfilled") {
        result.polled += outcome.value === null ? 0 : 1;
        result.queued += outcome.value ?? 0;
        return;
      }
      result.failed += 1;
      const { connection_id, brand_id } = due[i + j]!;
      const reason = outcome.reason;
      console.error(
        JSON.stringify({
          level: reason instanceof BraintreeApiError ? "warn" : "error",
          message: "braintree refund search failed; next run retries",
          connection_id,
          brand_id,
          status: reason instanceof BraintreeApiError ? reason.status : undefined,
          // Messages name statuses and causes, never keys (see api.ts and openBraintreeCredentials()).
          error: describeDbError(reason),
        }),
      );
    });
  }
  return result;
}

/** Searches one connection; returns how many refunds were queued, or null when it was no longer active. */
async function pollConnection(config: Config, db: Db, brandId: string, connectionId: string, now: Date): Promise<number | null> {
  const row = await withBrand(db, brandId, (tx) => findGatewayConnection(tx, connectionId));
  if (row?.gateway !== "braintree" || row.status !== "active" || !row.credentialsCiphertext) return null;
  const client: BraintreeClient = { credentials: await openBraintreeCredentials(config.SECRETS_ENCRYPTION_KEY, row.credentialsCiphertext, connectionId, brandId), origin: config.BRAINTREE_API_URL };

  const cursor = row.polledUntil ?? row.createdAt;
  const until = new Date(Math.min(now.getTime(), cursor.getTime() + MAX_WINDOW_MS));
  const created_at = { min: new Date(cursor.getTime() - OVERLAP_MS).toISOString(), max: until.toISOString() };
  const credits = await searchTransactions(client, { type: ["credit"], status: REFUNDING_STATUSES, created_at });
  const events = await refundEvents(client, brandId, connectionId, row.livemode, credits, now);

  for (let i = 0; i < events.length; i += EVENTS_PER_MESSAGE) {
    await config.EVENTS_QUEUE.send({ v: 1, events: events.slice(i, i + EVENTS_PER_MESSAGE) }, { contentType: "json" });
  }
  // Only after queueing: a run that failed before this line searches the same window again.
  await withBrand(db, brandId, (tx) =>
    tx
      .update(gatewayConnections)
      .set({ polledUntil: sql`greatest(${gatewayConnections.polledUntil}, ${until.toISOString()}::timestamptz)` })
      .where(eq(gatewayConnections.id, connectionId)),
  );
  return events.length;
}

/** The queued form of each refund among `credits`, looking up the sales they refund to tell partial from full. */
async function refundEvents(client: BraintreeClient, brandId: string, connectionId: string, livemode: boolean, credits: XmlElement[], now: Date): Promise<AcceptedEvent[]> {
  const saleIds = [...new Set(credits.map((c) => textAt(c, "refunded-transaction-id")).filter((id): id is string => id !== undefined))];
  const sales = new Map((await fetchTransactions(client, { type: ["sale"] }, saleIds)).map((s) => [textAt(s, "id"), s]));
  const events: AcceptedEvent[] = [];
  for (const credit of credits) {
    const saleId = textAt(credit, "refunded-transaction-id");
    const normalized = refundEvent(credit, saleId ? sales.get(saleId) : undefined, livemode, now.getTime());
    if (!normalized.ok) {
      // A standalone credit, or a record we cannot read: nothing to reverse. Logged for support.
      console.log(JSON.stringify({ level: "info", message: "braintree credit skipped", connection_id: connectionId, brand_id: brandId, transaction_id: textAt(credit, "id"), param: normalized.param, reason: normalized.message }));
      continue;
    }
    const event = normalized.event;
    events.push({
      id: await trackingEventId(brandId, "braintree", event.external_event_id),
      brand: brandId,
      source: "braintree",
      connection: connectionId,
      livemode,
      delivery: event.external_event_id,
      type: "refund",
      data: event as unknown as Record<string, unknown>,
      receivedAt: now.getTime(),
    });
  }
  return events;
}
