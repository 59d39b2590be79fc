/**
 * Packs items that arrive within a few milliseconds into one queue message.
 *
 * Cloudflare Queues take 5,000 messages/s per queue and 128 KB per message, so one
 * message per click would cap the product and cost a round-trip per request. Instead an
 * isolate collects items for `maxWaitMs` (or until the message is full) and sends them
 * together. `add()` resolves when the message carrying the item is durably queued and
 * rejects when it could not be queued after `attempts` tries: the redirect hands that
 * promise to `waitUntil` (the isolate stays alive until its click is queued), S2S ingest
 * awaits it before answering 202.
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
  timer: ReturnType<typeof setTimeout> | undefined;
  done: Promise<void>;
  settle: (err?: unknown) => void;
}

export class MicroBatch<T> {
  private open: OpenBatch<T> | undefined;

  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly opts: MicroBatchOptions,
  ) {}

  add(item: T): Promise<void> {
    // UTF-8 can take up to 3 bytes per UTF-16 unit; items are mostly ASCII, and maxBytes
    // leaves headroom below the 128 KB limit for the rest.
    const bytes = JSON.stringify(item).length + 1;
    if (this.open && (this.open.bytes + bytes > this.opts.maxBytes || this.open.items.length >= this.opts.maxItems)) {
      this.flush(this.open);
    }
    const batch = (this.open ??= this.start());
    batch.items.push(item);
    batch.bytes += bytes;
    return batch.done;
  }

  private start(): OpenBatch<T> {
    let settle!: (err?: unknown) => void;
    const done = new Promise<void>((ok, fail) => {
      settle = (err) => (err === undefined ? ok() : fail(err));
    });
    const batch: OpenBatch<T> = { items: [], bytes: 0, timer: undefined, done, settle };
    batch.timer = setTimeout(() => this.flush(batch), this.opts.maxWaitMs);
    return batch;
  }

  private flush(batch: OpenBatch<T>): void {
    if (this.open === batch) this.open = undefined;
    if (batch.timer !== undefined) clearTimeout(batch.timer);
    void this.sendWithRetries(batch.items).then(
      () => batch.settle(),
      (err: unknown) => batch.settle(err ?? new Error("queue send failed")),
    );
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
