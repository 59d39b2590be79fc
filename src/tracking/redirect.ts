import { edgeConfig } from "../infra/edge/config";
import { LINK_CODE } from "../links/code";
import { queueClick } from "../infra/queues/producers";
import { clickSigningKey, mintClickId, readyClickSigningKey } from "./click-id";
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
 * warm isolate (link cached, click key imported: both read synchronously) it awaits
 * nothing but the HMAC, touches no database and answers before the click is queued (the request that opened the click's queue message keeps the
 * isolate alive until it is sent).
 */
export async function handleRedirect(req: Request, rawEnv: unknown, ctx: ExecutionContext, code: string): Promise<Response> {
  try {
    const config = edgeConfig(rawEnv);
    if (!LINK_CODE.test(code)) return page(LINK_NOT_FOUND_HTML, 404);
    const cached = peekLink(code);
    const link = cached !== undefined ? cached : await resolveLinkCached(config, ctx, code);
    if (!link || !link.active) return page(LINK_NOT_FOUND_HTML, 404);

    const clickedAt = Date.now();
    const key = readyClickSigningKey(config.CLICK_SIGNING_SECRET) ?? (await clickSigningKey(config.CLICK_SIGNING_SECRET));
    const clickId = await mintClickId(key, {
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
  } catch (err) {
    // A cold miss while Postgres is down, or a misconfigured worker: say so, briefly.
    console.error(JSON.stringify({ level: "error", message: "redirect failed", code, error: err instanceof Error ? err.message : String(err) }));
    return page(LINK_UNAVAILABLE_HTML, 503);
  }
}
