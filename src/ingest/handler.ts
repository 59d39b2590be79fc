import { edgeConfig, type EdgeConfig } from "../infra/edge/config";
import { errorResponse } from "../infra/http/app";
import { ApiError } from "../infra/http/errors";
import { TIMESTAMP_TOLERANCE_SECONDS } from "../infra/http/standard-webhooks";
import { refuseUnstorableText } from "../infra/http/text";
import { validationError } from "../infra/http/validation";
import { eventTimeProblem, parseRfc3339 } from "../event-time";
import { isId, newId } from "../infra/ids";
import { queueEvent } from "../infra/queues/producers";
import { clickMac, verifyClickIdNow } from "../tracking/click-id";
import { claimDelivery } from "./claims";
import { trackingEventIdNow } from "./event-id";
import { EVENT_BODIES, type S2sEventType } from "./schemas";
import { readSignedHeaders, refuseStaleTimestamp, signatureMatchesNow } from "./signature";
import { peekSigningKey, signingKeyCached, usableSecrets } from "./signing-keys";

const MAX_BODY_BYTES = 64 * 1024;

const EVENT_TYPES_SENTENCE = Object.keys(EVENT_BODIES).join(", ").replace(/, (\w+)$/, " or $1");

const tooLarge = () => new ApiError("payload_too_large", `Event bodies are limited to ${MAX_BODY_BYTES / 1024} KB.`);

/**
 * Verifies, validates, claims the `webhook-id` (claims.ts) and durably queues one event;
 * returns the 202 body. The same `webhook-id` with the same body again gets the same
 * answer (the id is derived from it) and changes nothing (the consumer's unique key on
 * brand + webhook-id); with another body it gets 409.
 */
async function ingest(req: Request, config: EdgeConfig, ctx: ExecutionContext, type: S2sEventType): Promise<{ id: string; status: "accepted" }> {
  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) {
    throw new ApiError("unsupported_media_type", "Send the event as JSON with `Content-Type: application/json`.");
  }
  const signed = readSignedHeaders(req);
  const now = Date.now();
  refuseStaleTimestamp(signed.timestamp, now);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const body = await req.text();
  if (body.length > MAX_BODY_BYTES) throw tooLarge();

  // Every await costs a turn of the event loop under load: the warm key is read synchronously.
  const key = !isId("s2sKey", signed.keyId) ? null : (peekSigningKey(signed.keyId) ?? (await signingKeyCached(config, signed.keyId)));
  if (!key) throw new ApiError("unauthorized", `Unknown S2S key \`${signed.keyId}\`.`, { param: "rekomi-key-id" });
  if (key.revoked) throw new ApiError("unauthorized", `S2S key \`${key.keyId}\` was revoked.`, { param: "rekomi-key-id" });
  if (!key.brandActive) throw new ApiError("forbidden", "This brand is suspended; events are not accepted.");
  // Synchronous HMAC with the key's pads precomputed (signing-keys.ts): no await here.
  if (!signatureMatchesNow(usableSecrets(key, now), signed.signatures, { id: signed.webhookId, timestamp: signed.timestamp, body })) {
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
  // Before anything is accepted: text the consumer could never store is refused here.
  refuseUnstorableText(json);
  const parsed = EVENT_BODIES[type].safeParse(json);
  if (!parsed.success) throw validationError(parsed.error, "json");
  const data = parsed.data as Record<string, unknown>;
  if (typeof data.click_id === "string" && !verifyClickIdNow(clickMac(config.CLICK_SIGNING_SECRET), data.click_id)) {
    throw new ApiError("invalid_request", "Invalid `click_id`: not a click id issued by Rekomi (altered, truncated or forged).", { param: "click_id" });
  }
  if (typeof data.occurred_at === "string") {
    const problem = eventTimeProblem(parseRfc3339(data.occurred_at)!, now, TIMESTAMP_TOLERANCE_SECONDS * 1000);
    if (problem) throw new ApiError("invalid_request", `Invalid \`occurred_at\`: ${problem}.`, { param: "occurred_at" });
  }

  await claimDelivery(config, { brandId: key.brandId, deliveryId: signed.webhookId, type, body, data });
  const id = trackingEventIdNow(key.brandId, "s2s", signed.webhookId);
  try {
    await queueEvent(config.EVENTS_QUEUE, ctx, { id, brand: key.brandId, key: key.keyId, delivery: signed.webhookId, type, data, receivedAt: now }, body.length);
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "event not queued", event_id: id, error: String(err) }));
    throw new ApiError("service_unavailable", "The event could not be queued. Retry with the same `webhook-id`.");
  }
  return { id, status: "accepted" };
}

/**
 * `POST /v1/track/{lead|sale|refund|dispute|cancellation}`: verify the Standard Webhooks signature with the
 * brand's S2S secret named by `rekomi-key-id`, validate the body, and queue it durably;
 * 202 means the event is on the queue (attribution happens in the events consumer). Like
 * the redirect it runs before the router, answering with the same error envelope.
 */
export async function handleIngest(req: Request, rawEnv: unknown, ctx: ExecutionContext, type: string): Promise<Response> {
  const requestId = newId("request");
  try {
    if (!Object.hasOwn(EVENT_BODIES, type)) {
      throw new ApiError("not_found", `No event type \`${type}\`: send ${EVENT_TYPES_SENTENCE}.`);
    }
    const accepted = await ingest(req, edgeConfig(rawEnv), ctx, type as S2sEventType);
    return new Response(JSON.stringify(accepted), { status: 202, headers: { "content-type": "application/json", "request-id": requestId } });
  } catch (err) {
    return errorResponse(err, requestId);
  }
}
