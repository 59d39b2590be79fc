import { resolveTrackingLink, type ResolvedLink } from "../infra/edge/lookups";
import { edgeSql, type DbBindings } from "../infra/edge/sql";
import { IsolateCache, type Fetched } from "../infra/edge/isolate-cache";

/**
 * Link code → link, without a database round-trip on the warm path:
 *   1. this isolate's memory (IsolateCache),
 *   2. the data center's Cache API (`caches.default`, shared by the isolates there),
 *   3. Postgres through the SECURITY DEFINER lookup `resolve_tracking_link`.
 *
 * Bounded staleness: a change to a link or its campaign or enrollment (paused, disabled,
 * new destination, new link) is served at most LINK_TTL_MS after the edge last read the
 * link from Postgres, in every isolate and data center, whichever layer answers. Unknown
 * codes are cached the same way (a burst of bad codes costs one lookup per 30 s each).
 * Only while Postgres is failing may an expired entry be served, for up to a day, so that
 * a database outage does not break every affiliate link.
 */
export const LINK_TTL_MS = 30_000;

type CachedLink = ResolvedLink | null;

const links = new IsolateCache<CachedLink>({ ttlMs: LINK_TTL_MS, maxEntries: 20_000, staleIfErrorMs: 24 * 3600_000 });

/** A synthetic URL: the Cache API keys entries by request URL. */
const cacheUrl = (code: string) => `https://link-cache.rekomi.internal/v1/${encodeURIComponent(code)}`;

async function readShared(code: string): Promise<Fetched<CachedLink> | undefined> {
  try {
    const res = await caches.default.match(cacheUrl(code));
    return res ? await res.json<Fetched<CachedLink>>() : undefined;
  } catch {
    return undefined; // the Cache API is an accelerator, never a reason to fail a redirect
  }
}

async function writeShared(code: string, fetched: Fetched<CachedLink>): Promise<void> {
  const seconds = Math.max(1, Math.floor((fetched.fetchedAt + LINK_TTL_MS - Date.now()) / 1000));
  const res = new Response(JSON.stringify(fetched), { headers: { "content-type": "application/json", "cache-control": `max-age=${seconds}` } });
  await caches.default.put(cacheUrl(code), res).catch(() => {});
}

async function readDatabase(config: DbBindings, code: string): Promise<Fetched<CachedLink>> {
  const fetchedAt = Date.now(); // before the read: staleness is counted from no later than the read
  const link = await resolveTrackingLink(edgeSql(config), code);
  // Normalized once here (punycode, escapes), so the warm path can splice strings.
  return { value: link && { ...link, destinationUrl: new URL(link.destinationUrl).toString() }, fetchedAt };
}

/** The cached link while fresh (null: known to be unknown), or undefined: call resolveLinkCached. */
export function peekLink(code: string): CachedLink | undefined {
  return links.peek(code)?.value;
}

/** The link behind `code` (null when unknown), as fresh as LINK_TTL_MS allows. */
export function resolveLinkCached(config: DbBindings, ctx: Pick<ExecutionContext, "waitUntil">, code: string): Promise<CachedLink> {
  return links.get(code, async () => {
    const shared = await readShared(code);
    if (shared && links.isFresh(shared)) return shared;
    const fetched = await readDatabase(config, code);
    ctx.waitUntil(writeShared(code, fetched));
    return fetched;
  });
}
