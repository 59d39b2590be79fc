/**
 * Who is asking for a tracking link. Non-human traffic (crawlers, link unfurlers, HTTP
 * libraries, monitors) and speculative loads (prefetch, HEAD) are redirected like anyone
 * else but not counted, so click counts and fraud checks see people.
 */
const NOT_A_PERSON =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|embedly|preview|whatsapp|telegram|discord|slack|skypeuripreview|linkedin|pinterest|vkshare|redditbot|headlesschrome|lighthouse|pagespeed|python-|go-http-client|java\/|okhttp|libwww|wget|curl\/|httpclient|axios\/|node-fetch|undici|scrapy|feedfetcher|uptime|pingdom|monitor/i;

const PRELOAD = /prefetch|prerender/i;

/**
 * The verdict per User-Agent string, kept per isolate: a few hundred browser builds make up
 * nearly all traffic, and a Map lookup is cheaper than NOT_A_PERSON's fifty alternatives.
 * Bounded by clearing (recomputing is cheap) and by the length of what it keeps.
 */
const personByAgent = new Map<string, boolean>();
const MAX_AGENTS = 1024;

function isPersonAgent(ua: string): boolean {
  // Only browser-sized strings are kept, so the cache stays small whatever a client sends.
  if (ua.length > 512) return !NOT_A_PERSON.test(ua);
  let person = personByAgent.get(ua);
  if (person === undefined) {
    if (personByAgent.size >= MAX_AGENTS) personByAgent.clear();
    person = !NOT_A_PERSON.test(ua);
    personByAgent.set(ua, person);
  }
  return person;
}

export function isCountable(req: Request): boolean {
  if (req.method !== "GET") return false;
  const purpose = req.headers.get("sec-purpose") ?? req.headers.get("purpose");
  if (purpose && PRELOAD.test(purpose)) return false;
  const ua = req.headers.get("user-agent");
  return !!ua && isPersonAgent(ua);
}
