import { Hono, type Context } from "hono";
import type { EdgeEnv } from "../env";
import { ApiError } from "../http/errors";
import { validationError } from "../http/validation";
import { TRACKING_EVENT_TYPES, type TrackingEventType } from "../db/schema/events";
import { isId } from "../ids";
import { queueEvent } from "../queues/producers";
import { clickSigningKey, verifyClickId } from "../tracking/click-id";
import { trackingEventId } from "./event-id";
import { EVENT_BODIES } from "./schemas";
import { TIMESTAMP_TOLERANCE_SECONDS, checkTimestamp, readSignedHeaders, signatureMatches } from "./signature";
import { signingKeyCached, usableSecrets } from "./signing-keys";

const MAX_BODY_BYTES = 64 * 1024;

async function readBody(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new ApiError("payload_too_large", `Event bodies are limited to ${MAX_BODY_BYTES / 1024} KB.`);
  const body = await req.text();
  if (body.length > MAX_BODY_BYTES) throw new ApiError("payload_too_large", `Event bodies are limited to ${MAX_BODY_BYTES / 1024} KB.`);
  return body;
}

/**
 * `POST /v1/track/{lead|sale|refund}`: verify the Standard Webhooks signature with the
 * brand's S2S secret named by `rekomi-key-id`, validate the body, and queue it durably.
 * 202 means the event is on the queue; attribution happens in the events consumer. The
 * same `webhook-id` again gets the same answer (the id is derived from it) and changes
 * nothing (the consumer's unique key on brand + webhook-id).
 */
async function ingest(c: Context<{ Bindings: EdgeEnv }>): Promise<Response> {
  const type = c.req.param("type") as TrackingEventType;
  if (!TRACKING_EVENT_TYPES.includes(type)) {
    throw new ApiError("not_found", `No event type \`${type}\`: send lead, sale or refund.`);
  }
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
    throw new ApiError("unsupported_media_type", "Send the event as JSON with `Content-Type: application/json`.");
  }
  const signed = readSignedHeaders(c.req.raw);
  const now = Date.now();
  checkTimestamp(signed.timestamp, now);
  const body = await readBody(c.req.raw);

  const key = isId("s2sKey", signed.keyId) ? await signingKeyCached(c.env, c.executionCtx, signed.keyId) : null;
  if (!key) throw new ApiError("unauthorized", `Unknown S2S key \`${signed.keyId}\`.`, { param: "rekomi-key-id" });
  if (key.revoked) throw new ApiError("unauthorized", `S2S key \`${key.keyId}\` was revoked.`, { param: "rekomi-key-id" });
  if (!key.brandActive) throw new ApiError("forbidden", "This brand is suspended; events are not accepted.");
  if (!(await signatureMatches(usableSecrets(key, now), signed, body))) {
    throw new ApiError(
      "unauthorized",
      `No signature in \`webhook-signature\` matches: sign \`webhook-id.webhook-timestamp.body\` with the secret of \`${key.keyId}\` (within ${TIMESTAMP_TOLERANCE_SECONDS} s).`,
      { param: "webhook-signature" },
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON.");
  }
  const parsed = EVENT_BODIES[type].safeParse(json);
  if (!parsed.success) throw validationError(parsed.error, "json");
  const data = parsed.data as Record<string, unknown>;
  if (typeof data.click_id === "string" && !(await verifyClickId(await clickSigningKey(c.env.CLICK_SIGNING_SECRET), data.click_id))) {
    throw new ApiError("invalid_request", "Invalid `click_id`: not a click id issued by Rekomi (altered, truncated or forged).", { param: "click_id" });
  }
  if (typeof data.occurred_at === "string" && Date.parse(data.occurred_at) > now + TIMESTAMP_TOLERANCE_SECONDS * 1000) {
    throw new ApiError("invalid_request", "Invalid `occurred_at`: must not be in the future.", { param: "occurred_at" });
  }

  const id = await trackingEventId(key.brandId, "s2s", signed.webhookId);
  try {
    await queueEvent(c.env.EVENTS_QUEUE, { id, brand: key.brandId, key: key.keyId, delivery: signed.webhookId, type, data, receivedAt: now });
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "event not queued", event_id: id, error: String(err) }));
    throw new ApiError("service_unavailable", "The event could not be queued. Retry with the same `webhook-id`.");
  }
  return c.json({ id, status: "accepted" }, 202);
}

export function ingestRoutes() {
  const app = new Hono<{ Bindings: EdgeEnv }>();
  app.post("/v1/track/:type", ingest);
  return app;
}
