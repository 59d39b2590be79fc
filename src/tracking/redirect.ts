import type { Context } from "hono";
import type { EdgeEnv } from "../env";
import { queueClick } from "../queues/producers";
import { LINK_CODE } from "../links/code";
import { clickSigningKey, mintClickId } from "./click-id";
import { resolveLinkCached } from "./link-cache";
import { LINK_NOT_FOUND_HTML } from "./not-found-page";
import { isCountable } from "./visitors";

/**
 * The destination with the visitor's query parameters forwarded and `rk_click` appended.
 * The destination's own query string is kept byte for byte and wins over a visitor
 * parameter of the same name (the brand configured it); a visitor cannot supply rk_click.
 */
export function destinationUrl(destination: string, incoming: URLSearchParams, clickId: string): string {
  const url = new URL(destination);
  const own = new Set(new URLSearchParams(url.search).keys());
  const added: string[] = [];
  for (const [key, value] of incoming) {
    if (key !== "rk_click" && !own.has(key)) added.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  added.push(`rk_click=${clickId}`);
  url.search = (url.search.length > 1 ? `${url.search.slice(1)}&` : "") + added.join("&");
  return url.toString();
}

const clip = (value: string | null | undefined, max: number) => (value ? value.slice(0, max) : undefined);

function notActive(): Response {
  return new Response(LINK_NOT_FOUND_HTML, { status: 404, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/** `GET|HEAD /c/{code}`: 302 to the destination with a fresh signed click id. */
export async function redirectHandler(c: Context<{ Bindings: EdgeEnv }>): Promise<Response> {
  const code = c.req.param("code") ?? "";
  if (!LINK_CODE.test(code)) return notActive();
  const link = await resolveLinkCached(c.env, c.executionCtx, code);
  if (!link || !link.active) return notActive();

  const clickedAt = Date.now();
  const key = await clickSigningKey(c.env.CLICK_SIGNING_SECRET);
  const clickId = await mintClickId(key, {
    linkId: link.linkId,
    clickedAt,
    windowDays: link.cookieWindowDays,
    firstClick: link.attributionModel === "first_click",
  });
  const req = c.req.raw;
  if (isCountable(req)) {
    const queued = queueClick(c.env.CLICKS_QUEUE, {
      id: clickId,
      link: link.linkId,
      brand: link.brandId,
      campaign: link.campaignId,
      enrollment: link.enrollmentId,
      affiliate: link.affiliateId,
      at: clickedAt,
      country: clip((req.cf as { country?: string } | undefined)?.country, 2),
      referrer: clip(req.headers.get("referer"), 512),
      ua: clip(req.headers.get("user-agent"), 512),
      ip: clip(req.headers.get("cf-connecting-ip"), 64),
    }).catch((err: unknown) => {
      console.error(JSON.stringify({ level: "error", message: "click not queued", click_id: clickId, link_id: link.linkId, error: String(err) }));
    });
    // The isolate must not be torn down before the message carrying this click is queued.
    c.executionCtx.waitUntil(queued);
  }
  const location = destinationUrl(link.destinationUrl, new URL(req.url).searchParams, clickId);
  return new Response(null, { status: 302, headers: { location, "cache-control": "private, no-store", "x-robots-tag": "noindex" } });
}
