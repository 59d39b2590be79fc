import type { EventBatchMessage, RefusalBatchMessage, SignatureRefusal } from "../../infra/queues/messages";
import type { SignatureFailure } from "../types";

/**
 * Refused gateway signatures, counted per connection and reason in this isolate and sent
 * as one RefusalBatchMessage at most every FLUSH_INTERVAL_MS (never a body: an unsigned
 * body is not the brand's data). Whoever floods a webhook URL with forgeries therefore
 * costs the queue one small message per isolate every ten seconds, and the database one
 * upsert per connection and reason, however many requests they send.
 *
 * The first refusal after a quiet interval is sent at once (a brand testing its setup sees
 * it); later ones wait for the next webhook request to this isolate after the interval,
 * whatever its outcome. Counts still waiting when the isolate is evicted are lost: they
 * feed the connection's health page, they are not money.
 */
export const FLUSH_INTERVAL_MS = 10_000;

/** Connections × reasons kept at once; only known connections are counted, so this is rarely reached. */
const MAX_ENTRIES = 500;

const pending = new Map<string, SignatureRefusal>();
let lastFlushAt = Number.NEGATIVE_INFINITY;
let dropped = 0;

/** Counts one refusal; returns a flush to keep alive (`waitUntil`) when one is due. */
export function countRefusal(queue: Queue<EventBatchMessage>, refusal: { connection: string; brand: string; reason: SignatureFailure }, now = Date.now()): Promise<void> | undefined {
  const key = `${refusal.connection}\n${refusal.reason}`;
  const entry = pending.get(key);
  if (entry) {
    entry.count++;
    entry.at = now;
  } else if (pending.size < MAX_ENTRIES) {
    pending.set(key, { ...refusal, count: 1, at: now });
  } else {
    dropped++;
  }
  return flushRefusalsIfDue(queue, now);
}

/** Sends what was counted when the interval has passed since the last send; never rejects. */
export function flushRefusalsIfDue(queue: Queue<EventBatchMessage>, now = Date.now()): Promise<void> | undefined {
  if (pending.size === 0 || now - lastFlushAt < FLUSH_INTERVAL_MS) return undefined;
  lastFlushAt = now;
  const refusals = [...pending.values()];
  pending.clear();
  if (dropped > 0) {
    console.warn(JSON.stringify({ level: "warn", message: "signature refusals not counted (too many connections at once)", dropped }));
    dropped = 0;
  }
  // The events queue carries both kinds of message; its consumer tells them apart by shape.
  const refusalQueue = queue as unknown as Queue<RefusalBatchMessage>;
  return refusalQueue.send({ v: 1, refusals }, { contentType: "json" }).then(
    () => undefined,
    (err: unknown) => console.error(JSON.stringify({ level: "error", message: "signature refusals not queued", refusals: refusals.length, error: String(err) })),
  );
}
