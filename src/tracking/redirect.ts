import { edgeConfig, type EdgeConfig } from "../infra/edge/config";
import type { ResolvedLink } from "../infra/edge/lookups";
import { LINK_CODE } from "../links/code";
import { queueClick } from "../infra/queues/producers";
import { clickMac, mintClickIdNow } from "./click-id";
import { peekLink, resolveLinkCached } from "./link-cache";
import { destinationUrl } from "./destination";
import { LINK_NOT_FOUND_HTML, LINK_UNAVAILABLE_HTML } from "./not-found-page";
import { isCountable } from "./visitors";

const clip = (value: string | null | undefined, max: number) => (value ? value.slice(0, max) : undefined);

function page(html: string, status: number): Response {
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/**
 * `GET|HEAD /c/{code}`: 302 to the destination with a fresh signed click id. It runs
 * before the router (src/infra/edge/worker.ts) because it is the product's hottest path: on a
 * warm isolate (link cached, click key's pads hashed) it answers synchronously, awaiting
 * nothing (the HMAC is computed in JavaScript: src/infra/edge/hmac-sha256.ts), touches no
 * database and answers before the click is queued (the request that opened the click's
 * queue message keeps the isolate alive until it is sent). Only a link missing from the
 * isolate's cache takes the async path.
 */
export function handleRedirect(req: Request, rawEnv: unknown, ctx: ExecutionContext, code: string): Response | Promise<Response> {
  try {
    const config = edgeConfig(rawEnv);
    if (!LINK_CODE.test(code)) return page(LINK_NOT_FOUND_HTML, 404);
    const cached = peekLink(code);
    if (cached === undefined) return redirectCold(req, config, ctx, code);
    return redirectTo(req, config, ctx, cached);
  } catch (err) {
    return unavailable(code, err);
  }
}

async function redirectCold(req: Request, config: EdgeConfig, ctx: ExecutionContext, code: string): Promise<Response> {
  try {
    return redirectTo(req, config, ctx, await resolveLinkCached(config, ctx, code));
  } catch (err) {
    return unavailable(code, err);
  }
}

/** A cold miss while Postgres is down, or a misconfigured worker: say so, briefly. */
function unavailable(code: string, err: unknown): Response {
  console.error(JSON.stringify({ level: "error", message: "redirect failed", code, error: err instanceof Error ? err.message : String(err) }));
  return page(LINK_UNAVAILABLE_HTML, 503);
}

function redirectTo(req: Request, config: EdgeConfig, ctx: ExecutionContext, link: ResolvedLink | null): Response {
  if (!link || !link.active) return page(LINK_NOT_FOUND_HTML, 404);

  const clickedAt = Date.now();
  const clickId = mintClickIdNow(clickMac(config.CLICK_SIGNING_SECRET), {
    linkId: link.linkId,
    clickedAt,
    windowDays: link.cookieWindowDays,
    firstClick: link.attributionModel === "first_click",
  });
  if (isCountable(req)) {
    const headers = req.headers;
    const sending = queueClick(config.CLICKS_QUEUE, {
      id: clickId,
      link: link.linkId,
      brand: link.brandId,
      campaign: link.campaignId,
      enrollment: link.enrollmentId,
      affiliate: link.affiliateId,
      at: clickedAt,
      country: clip((req.cf as { country?: string } | undefined)?.country, 2),
      referrer: clip(headers.get("referer"), 512),
      ua: clip(headers.get("user-agent"), 512),
      ip: clip(headers.get("cf-connecting-ip"), 64),
    });
    if (sending) ctx.waitUntil(sending);
  }
  const queryAt = req.url.indexOf("?");
  const location = destinationUrl(link.destinationUrl, queryAt < 0 ? "" : req.url.slice(queryAt + 1), clickId);
  return new Response(null, { status: 302, headers: { location, "cache-control": "private, no-store", "x-robots-tag": "noindex" } });
}
