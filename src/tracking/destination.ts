/** The parameter names of each destination's own query string, parsed once per isolate (bounded). */
const ownKeys = new Map<string, ReadonlySet<string>>();

function ownQueryKeys(base: string, queryAt: number): ReadonlySet<string> {
  let keys = ownKeys.get(base);
  if (!keys) {
    if (ownKeys.size >= 4096) ownKeys.clear();
    keys = new Set(new URLSearchParams(base.slice(queryAt + 1)).keys());
    ownKeys.set(base, keys);
  }
  return keys;
}

/**
 * The destination with the visitor's query parameters forwarded and `rk_click` appended.
 * The destination's own query string is kept byte for byte and wins over a visitor
 * parameter of the same name (the brand configured it); a visitor cannot supply rk_click.
 * `destination` is a normalized absolute URL (see link-cache.ts), so this only splices
 * strings: it runs on every click.
 */
export function destinationUrl(destination: string, visitorQuery: string, clickId: string): string {
  const hashAt = destination.indexOf("#");
  const base = hashAt < 0 ? destination : destination.slice(0, hashAt);
  const hash = hashAt < 0 ? "" : destination.slice(hashAt);
  const queryAt = base.indexOf("?");
  let added = "";
  if (visitorQuery) {
    const own = queryAt < 0 ? undefined : ownQueryKeys(base, queryAt);
    for (const [key, value] of new URLSearchParams(visitorQuery)) {
      if (key !== "rk_click" && !own?.has(key)) added += `${encodeURIComponent(key)}=${encodeURIComponent(value)}&`;
    }
  }
  const joiner = queryAt < 0 ? "?" : queryAt === base.length - 1 || base.endsWith("&") ? "" : "&";
  return `${base}${joiner}${added}rk_click=${clickId}${hash}`;
}
