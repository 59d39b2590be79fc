import { sql } from "drizzle-orm";
import { accrueCommissions } from "../commissions/accrue";
import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { describeDbError } from "../infra/db/errors";
import { withBrand } from "../infra/db/principal";
import { recordDeadLetter } from "../dead-letters/store";
import { consumeRefusals, isRefusalBatch } from "../gateways/health/refusals";
import { resolveStripePayments } from "../gateways/stripe/resolve-payments";
import { MAX_ATTEMPTS, isPermanentFailure, retryDelaySeconds } from "../infra/jobs/retry";
import type { AcceptedEvent, EventBatchMessage } from "../infra/queues/messages";
import { clickSigningKey } from "../tracking/click-id";
import { enqueueDeliveries } from "../webhooks/enqueue";
import { recordEvent } from "./events";
import { customerOfSale, recordSales, recordsAsSet } from "./sales-set";

type Config = Pick<AppConfig, "CLICK_SIGNING_SECRET" | "WEBHOOKS" | "SECRETS_ENCRYPTION_KEY" | "STRIPE_API_URL">;

function isEventBatch(body: unknown): body is EventBatchMessage {
  const b = body as EventBatchMessage | undefined;
  return b?.v === 1 && Array.isArray(b.events);
}

/**
 * Records `events` of one brand in one transaction; returns the webhook deliveries to
 * enqueue after commit. Runs of S2S sales are recorded as sets (recordSales: a fixed number
 * of statements per wave, a wave holding each customer once); every other event one by one
 * (recordEvent + accrueCommissions), in arrival order between the runs.
 */
async function recordAll(db: Db, key: CryptoKey, brandId: string, events: AcceptedEvent[]): Promise<string[]> {
  return withBrand(db, brandId, async (tx) => {
    // One lock per brand, taken first, serializes a brand's batches across concurrent
    // consumers. A sale, its refunds and its dispute phases link up in whichever order they
    // arrive, but two transactions recording them at the same time would each miss the
    // other's uncommitted row, and neither would link. And every conversion bumps rollup rows
    // (campaign and creator days, migration 0045) whose locks are held until commit: two
    // transactions recording leads for campaigns C1, C2 and C2, C1 (or a lead adopting
    // earlier sales while a sale batch runs) would each wait on the other's row. So every
    // event type takes it (all but ignored ones write conversions); taken before any row
    // lock, it never waits behind a row lock its own transaction holds.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`rekomi:linked-events:${brandId}`}, 0))`);
    const ids: string[] = [];
    for (const part of partsOf(events)) {
      if (part.set) {
        ids.push(...(await recordSales(tx, key, part.events)));
        continue;
      }
      const [event] = part.events as [AcceptedEvent];
      const recorded = await recordEvent(tx, key, event);
      ids.push(...recorded.deliveries, ...(await accrueCommissions(tx, event, recorded.outcome)));
      // A duplicate is a normal outcome (redelivery, a sender's retry, a replay): logged, not an error.
      if (recorded.outcome.startsWith("duplicate")) console.log(JSON.stringify({ level: "info", message: "event already recorded", outcome: recorded.outcome, event_id: event.id, brand_id: brandId }));
    }
    return ids;
  });
}

/**
 * `events` cut into what is recorded together: waves of S2S sales (recordsAsSet) holding
 * each customer once, and single events, in arrival order. An event id seen earlier in
 * the list is left out (it would be a no-op: the same delivery recorded twice).
 */
function partsOf(events: AcceptedEvent[]): { set: boolean; events: AcceptedEvent[] }[] {
  const parts: { set: boolean; events: AcceptedEvent[] }[] = [];
  const seen = new Set<string>();
  let wave: { set: boolean; events: AcceptedEvent[]; customers: Set<string> } | undefined;
  for (const event of events) {
    if (seen.has(event.id)) {
      console.log(JSON.stringify({ level: "info", message: "event already recorded", outcome: "duplicate_event", event_id: event.id, brand_id: event.brand }));
      continue;
    }
    seen.add(event.id);
    if (!recordsAsSet(event)) {
      wave = undefined;
      parts.push({ set: false, events: [event] });
      continue;
    }
    const customer = customerOfSale(event);
    if (!wave || (customer && wave.customers.has(customer))) {
      wave = { set: true, events: [], customers: new Set() };
      parts.push(wave);
    }
    wave.events.push(event);
    if (customer) wave.customers.add(customer);
  }
  return parts;
}

/** The dead letter of one event: replaying it sends it alone, under its own id. */
const eventDeadLetter = (event: AcceptedEvent, err: unknown, attempts: number) => ({
  brandId: event.brand,
  queue: "rekomi-events" as const,
  dedupeKey: event.id,
  eventId: event.id,
  body: { v: 1, events: [event] } satisfies EventBatchMessage,
  error: describeDbError(err),
  attempts,
});

/**
 * Consumes event messages in order. Each message's events are recorded per brand, in one
 * transaction per brand (under that brand's principal, taken from the signing key, never
 * from the payload), together with the commissions they call for and the webhook events
 * of the new conversions and commissions.
 *
 * Before that, outside any transaction, Stripe events get the invoice / payment link their
 * payload lacks from Stripe's API (src/gateways/stripe/resolve-payments.ts); when Stripe
 * cannot answer now, the message is retried, and on its last attempt the events are
 * recorded without the link rather than set aside.
 *
 * A batch of several messages is first recorded together, one transaction per brand for
 * all its events (consumeTogether): the fixed cost of a transaction and of each statement
 * is paid per brand and batch, not per event (runs of S2S sales are recorded as sets,
 * sales-set.ts). Messages whose brands all committed are acked; the others go through
 * the path below, one message at a time.
 *
 * Nothing is acked unless it is stored or dead-lettered. When a brand's transaction
 * fails, a transient failure retries the message with backoff (events already recorded
 * are no-ops on redelivery: unique brand + webhook-id). A failure retries cannot fix (bad
 * data, a bug), or the last attempt, isolates the culprit: each event gets its own
 * transaction, and the one that still fails is written to `dead_letters` with its raw
 * event and error, for the brand to see and replay; the others are recorded. If even the
 * dead letter cannot be written, the message is retried (and, past max_retries, lands in
 * the dead-letter queue, whose consumer writes the same table).
 */
export async function consumeEvents(batch: MessageBatch<unknown>, config: Config, db: Db): Promise<void> {
  const key = await clickSigningKey(config.CLICK_SIGNING_SECRET);
  const eventMessages: Message<EventBatchMessage>[] = [];
  for (const message of batch.messages) {
    // Gateway signature refusal counts share the events queue (src/gateways/receive/refusals.ts).
    if (isRefusalBatch(message.body)) {
      await consumeRefusals(db, message, message.body);
      continue;
    }
    if (!isEventBatch(message.body)) {
      // Retries cannot make it readable: keep it for staff.
      try {
        await recordDeadLetter(db, { brandId: null, queue: "rekomi-events", dedupeKey: `message:${message.id}`, body: message.body, error: "not an event batch message", attempts: message.attempts });
        message.ack();
      } catch {
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
      continue;
    }
    eventMessages.push(message as Message<EventBatchMessage>);
  }
  // The whole batch first, one transaction per brand: the messages whose brands all
  // committed are done; any other goes through consumeMessage on its own, whose isolation,
  // retries and dead letters are unchanged (the brands that committed here are skipped there).
  const { done, committed } = eventMessages.length > 1 ? await consumeTogether(eventMessages, config, db, key) : { done: new Set<Message<EventBatchMessage>>(), committed: new Set<string>() };
  for (const message of eventMessages) {
    if (done.has(message)) message.ack();
    else await consumeMessage(message, config, db, key, committed);
  }
}

/**
 * Records the events of all `messages` with one transaction per brand (after resolving
 * their Stripe links), so a batch costs the same few round trips per brand as one message.
 * Returns the messages whose every brand committed, and the brands that committed; never
 * throws (a brand that fails leaves its messages to consumeMessage).
 */
async function consumeTogether(
  messages: Message<EventBatchMessage>[],
  config: Config,
  db: Db,
  key: CryptoKey,
): Promise<{ done: Set<Message<EventBatchMessage>>; committed: Set<string> }> {
  const byBrand = new Map<string, { events: AcceptedEvent[]; messages: Set<Message<EventBatchMessage>> }>();
  for (const message of messages) {
    for (const event of message.body.events) {
      const group = byBrand.get(event.brand) ?? { events: [], messages: new Set() };
      group.events.push(event);
      group.messages.add(message);
      byBrand.set(event.brand, group);
    }
  }
  const failed = new Set<Message<EventBatchMessage>>();
  const deliveries = new Map<string, string[]>();
  for (const [brandId, group] of byBrand) {
    try {
      const events = await resolveStripePayments(db, config, brandId, group.events);
      deliveries.set(brandId, await recordAll(db, key, brandId, events));
    } catch (err) {
      console.error(JSON.stringify({ level: "warn", message: "batch of events not recorded together; recording message by message", brand_id: brandId, messages: group.messages.size, error: describeDbError(err) }));
      for (const message of group.messages) failed.add(message);
    }
  }
  await enqueueAfterCommit(config, deliveries);
  return { done: new Set(messages.filter((m) => !failed.has(m))), committed: new Set(deliveries.keys()) };
}

/** After commit: webhooks for the new conversions and commissions. A lost enqueue is harmless, since the cron sweeper finds due deliveries in Postgres. */
async function enqueueAfterCommit(config: Config, deliveries: Map<string, string[]>): Promise<void> {
  for (const [brandId, ids] of deliveries) {
    if (ids.length === 0) continue;
    await enqueueDeliveries(config.WEBHOOKS, brandId, ids).catch((err: unknown) =>
      console.error(JSON.stringify({ level: "warn", message: "webhook enqueue failed; the sweeper will retry", error: String(err) })),
    );
  }
}

/**
 * One message on its own: per brand, then per event when a brand's transaction fails (see
 * consumeEvents). `committed`: brands whose events of this batch consumeTogether already
 * recorded, skipped (no second Stripe lookup, no transaction of no-ops).
 */
async function consumeMessage(message: Message<EventBatchMessage>, config: Config, db: Db, key: CryptoKey, committed = new Set<string>()): Promise<void> {
    const byBrand = new Map<string, AcceptedEvent[]>();
    for (const event of message.body.events) {
      if (!committed.has(event.brand)) byBrand.set(event.brand, [...(byBrand.get(event.brand) ?? []), event]);
    }
    const deliveries = new Map<string, string[]>();
    const lastAttempt = message.attempts >= MAX_ATTEMPTS;
    let retry = false;
    for (const [brandId, received] of byBrand) {
      let events = received;
      try {
        events = await resolveStripePayments(db, config, brandId, received);
      } catch (err) {
        console.error(JSON.stringify({ level: lastAttempt ? "error" : "warn", message: "Stripe payment links not resolved", message_id: message.id, brand_id: brandId, attempts: message.attempts, error: describeDbError(err) }));
        if (!lastAttempt) {
          retry = true;
          continue;
        }
      }
      try {
        deliveries.set(brandId, await recordAll(db, key, brandId, events));
        continue;
      } catch (err) {
        console.error(JSON.stringify({ level: "error", message: "events not recorded", message_id: message.id, brand_id: brandId, attempts: message.attempts, error: describeDbError(err) }));
        if (!isPermanentFailure(err) && !lastAttempt) {
          retry = true;
          continue;
        }
      }
      // One event per transaction: only the event that cannot be stored is set aside.
      const ids: string[] = [];
      for (const event of events) {
        try {
          ids.push(...(await recordAll(db, key, brandId, [event])));
        } catch (err) {
          if (!isPermanentFailure(err) && !lastAttempt) {
            retry = true;
            continue;
          }
          try {
            await recordDeadLetter(db, eventDeadLetter(event, err, message.attempts));
          } catch (deadLetterErr) {
            console.error(JSON.stringify({ level: "error", message: "dead letter not written; will retry", event_id: event.id, error: describeDbError(deadLetterErr) }));
            retry = true;
          }
        }
      }
      deliveries.set(brandId, ids);
    }
    if (retry) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    else message.ack();
    await enqueueAfterCommit(config, deliveries);
}
