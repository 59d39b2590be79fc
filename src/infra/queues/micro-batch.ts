/**
 * Packs items that arrive within a few milliseconds into one queue message.
 *
 * Cloudflare Queues take 5,000 messages/s per queue and 128 KB per message, so one
 * message per click would cap the product and cost a round-trip per request. Instead an
 * isolate collects items for `maxWaitMs` (or until the message is full) and sends them
 * together.
 *
 * Who keeps the isolate alive: every message is sent by a timer of the request that
 * opened it (a full message is closed to newcomers, not sent early from another request),
 * so that request alone must keep running until the send is done. `add()` says whether
 * the caller opened the message; its caller must then hand `done` to its `waitUntil` (one
 * waitUntil per message, not per item), even if it also awaits `done`: a request whose
 * client goes away is cancelled, timers and all, unless waitUntil holds it, and the other
 * requests of its message would wait forever. S2S ingest and gateway webhooks also await
 * `done` for every event before answering (their 202/200 means queued); in workerd that
 * is sound because `done` settles in the opener's request, which stays alive until it
 * does, and the runtime delivers the settlement to each waiting request. `done` rejects
 * when the message could not be queued after `attempts` tries.
 */
export interface MicroBatchOptions {
  maxWaitMs: number;
  /** Budget for the serialized items of one message (the queue's limit is 128 KB). */
  maxBytes: number;
  maxItems: number;
  attempts: number;
}

interface OpenBatch<T> {
  items: T[];
  bytes: number;
  done: Promise<void>;
}

export interface Added {
  done: Promise<void>;
  /** True for the first item of a message: the caller's request sends it. */
  opened: boolean;
}

export class MicroBatch<T> {
  private open: OpenBatch<T> | undefined;

  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly opts: MicroBatchOptions,
  ) {}

  /** Adds an item whose serialized size is about `bytes`. */
  add(item: T, bytes: number): Added {
    let batch = this.open;
    const opened = !batch || batch.bytes + bytes > this.opts.maxBytes || batch.items.length >= this.opts.maxItems;
    if (opened) batch = this.start();
    batch!.items.push(item);
    batch!.bytes += bytes;
    return { done: batch!.done, opened };
  }

  private start(): OpenBatch<T> {
    let settle!: (err?: unknown) => void;
    const done = new Promise<void>((ok, fail) => {
      settle = (err) => (err === undefined ? ok() : fail(err));
    });
    const batch: OpenBatch<T> = { items: [], bytes: 0, done };
    this.open = batch;
    setTimeout(() => {
      if (this.open === batch) this.open = undefined;
      this.sendWithRetries(batch.items).then(
        () => settle(),
        (err: unknown) => settle(err ?? new Error("queue send failed")),
      );
    }, this.opts.maxWaitMs);
    return batch;
  }

  private async sendWithRetries(items: T[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(items);
      } catch (err) {
        if (attempt >= this.opts.attempts) throw err;
        await new Promise((r) => setTimeout(r, 25 * 4 ** (attempt - 1)));
      }
    }
  }
}
