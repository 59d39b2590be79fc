import { MicroBatch, type MicroBatchOptions } from "./micro-batch";
import type { AcceptedEvent, ClickBatchMessage, ClickRecord, EventBatchMessage } from "./messages";

/**
 * The edge's senders, one micro-batcher per queue binding per isolate. Clicks wait a few
 * milliseconds for company (the redirect has already been answered); events wait less,
 * since the sender waits for the 202.
 */
const KB = 1024;
const CLICKS: MicroBatchOptions = { maxWaitMs: 5, maxBytes: 96 * KB, maxItems: 500, attempts: 3 };
const EVENTS: MicroBatchOptions = { maxWaitMs: 2, maxBytes: 96 * KB, maxItems: 200, attempts: 3 };

const clickBatches = new WeakMap<Queue<ClickBatchMessage>, MicroBatch<ClickRecord>>();
const eventBatches = new WeakMap<Queue<EventBatchMessage>, MicroBatch<AcceptedEvent>>();

/** Resolves once the click is durably queued. */
export function queueClick(queue: Queue<ClickBatchMessage>, click: ClickRecord): Promise<void> {
  let batch = clickBatches.get(queue);
  if (!batch) {
    batch = new MicroBatch(async (clicks) => {
      await queue.send({ v: 1, clicks }, { contentType: "json" });
    }, CLICKS);
    clickBatches.set(queue, batch);
  }
  return batch.add(click);
}

/** Resolves once the event is durably queued; rejects when it could not be. */
export function queueEvent(queue: Queue<EventBatchMessage>, event: AcceptedEvent): Promise<void> {
  let batch = eventBatches.get(queue);
  if (!batch) {
    batch = new MicroBatch(async (events) => {
      await queue.send({ v: 1, events }, { contentType: "json" });
    }, EVENTS);
    eventBatches.set(queue, batch);
  }
  return batch.add(event);
}
