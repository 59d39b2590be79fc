/**
 * A per-isolate cache for the edge's hot lookups (link codes, S2S keys).
 *
 * - Freshness is measured from when the value was read from Postgres (`fetchedAt`), not
 *   from when this isolate got it, so layering another cache underneath (the Cache API)
 *   does not stretch the staleness bound: a value is never served more than `ttlMs` after
 *   its database read, except as a stale fallback while the database is failing.
 * - Only settled values are shared. Each miss runs its own load, even while another
 *   request is loading the same key: in workerd a promise belongs to the request that
 *   created it, so awaiting another request's load ties this request to that one's life.
 *   If that request is cancelled (its client went away) its fetch never settles, the
 *   waiters hang, and a shared "loading" entry would stay stuck for the isolate's life.
 *   The cost: a burst of concurrent misses for one cold key loads it once per request
 *   (bounded by the burst, since the first settled load fills the entry).
 * - Bounded: past `maxEntries` the least recently filled entries go first.
 */
export interface Fetched<V> {
  value: V;
  fetchedAt: number;
}

export interface IsolateCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Serve an expired value up to this age when reloading it fails (0: never). */
  staleIfErrorMs: number;
}

export class IsolateCache<V> {
  private readonly entries = new Map<string, Fetched<V>>();

  constructor(private readonly opts: IsolateCacheOptions) {}

  /** The cached value while fresh, synchronously (the warm path awaits nothing). */
  peek(key: string): Fetched<V> | undefined {
    const hit = this.entries.get(key);
    return hit && Date.now() - hit.fetchedAt < this.opts.ttlMs ? hit : undefined;
  }

  async get(key: string, load: () => Promise<Fetched<V>>): Promise<V> {
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && now - hit.fetchedAt < this.opts.ttlMs) return hit.value;
    try {
      const fetched = await load();
      this.remember(key, fetched);
      return fetched.value;
    } catch (err) {
      if (hit && now - hit.fetchedAt < this.opts.staleIfErrorMs) return hit.value;
      throw err;
    }
  }

  /** Whether `fetched` may still be served now. */
  isFresh(fetched: Fetched<unknown>): boolean {
    return Date.now() - fetched.fetchedAt < this.opts.ttlMs;
  }

  private remember(key: string, fetched: Fetched<V>): void {
    const current = this.entries.get(key);
    if (current && current.fetchedAt >= fetched.fetchedAt) return;
    this.entries.delete(key);
    this.entries.set(key, fetched);
    if (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
