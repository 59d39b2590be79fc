import { MicroBatch, type MicroBatchOptions } from "./micro-batch";
import type { AcceptedEvent, ClickBatchMessage, ClickRecord, EventBatchMessage } from "./messages";

/**
 * The edge's senders, one micro-batcher per queue binding per isolate. Clicks wait 20 ms
 * for company: the redirect has already been answered, so nobody waits on it, and every
 * message saved is a queue operation saved (Queues bill and rate-limit per message; in
 * Miniflare each send also costs the workerd ~0.6 ms of CPU in its queue broker, which at
 * 5 ms was about a third of a warm redirect's CPU in `npm run bench`). Events wait 2 ms,
 * since the sender waits for the 202.
 */
const KB = 1024;
const CLICKS: MicroBatchOptions = { maxWaitMs: 20, maxBytes: 96 * KB, maxItems: 500, attempts: 3 };
const EVENTS: MicroBatchOptions = { maxWaitMs: 2, maxBytes: 96 * KB, maxItems: 200, attempts: 3 };

const clickBatches = new WeakMap<Queue<ClickBatchMessage>, MicroBatch<ClickRecord>>();
const eventBatches = new WeakMap<Queue<EventBatchMessage>, MicroBatch<AcceptedEvent>>();

/** Serialized size of a click, near enough (keys and punctuation are about 140 bytes). */
function clickBytes(c: ClickRecord): number {
  return 140 + c.id.length + c.link.length * 5 + (c.referrer?.length ?? 0) + (c.ua?.length ?? 0) + (c.ip?.length ?? 0);
}

/**
 * Queues a click. Returns the promise the caller's request must keep alive (`waitUntil`)
 * when it opened the message carrying the click, undefined when another request's
 * message carries it. Never rejects: a message that cannot be queued is logged once.
 */
export function queueClick(queue: Queue<ClickBatchMessage>, click: ClickRecord): Promise<void> | undefined {
  let batch = clickBatches.get(queue);
  if (!batch) {
    batch = new MicroBatch(async (clicks) => {
      await queue.send({ v: 1, clicks }, { contentType: "json" });
    }, CLICKS);
    clickBatches.set(queue, batch);
  }
  const { done, opened } = batch.add(click, clickBytes(click));
  if (!opened) return undefined;
  return done.catch((err: unknown) => {
    console.error(JSON.stringify({ level: "error", message: "clicks not queued", error: String(err) }));
  });
}

/**
 * Resolves once the event is durably queued; rejects when it could not be.
 *
 * The message carrying the event is sent by a timer of the request that opened it, and
 * every request in it awaits that send. That request hands the send to its own
 * `waitUntil`, so the send outlives it even when its client goes away: without that, a
 * cancelled opener's timer never fires, every later event of the message waits on a
 * promise that never settles (and the message stays open to newcomers until it fills).
 * A request is answered only after `done` settled, so a 202 still means "on the queue".
 */
export function queueEvent(queue: Queue<EventBatchMessage>, ctx: Pick<ExecutionContext, "waitUntil">, event: AcceptedEvent, bodyBytes: number): Promise<void> {
  let batch = eventBatches.get(queue);
  if (!batch) {
    batch = new MicroBatch(async (events) => {
      await queue.send({ v: 1, events }, { contentType: "json" });
    }, EVENTS);
    eventBatches.set(queue, batch);
  }
  const { done, opened } = batch.add(event, 300 + bodyBytes);
  // The failure is each waiter's to report (it answers 503); the opener's waitUntil only keeps the send alive.
  if (opened) ctx.waitUntil(done.catch(() => {}));
  return done;
}
