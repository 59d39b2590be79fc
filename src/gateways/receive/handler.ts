import { edgeConfig, type EdgeConfig } from "../../infra/edge/config";
import { errorResponse } from "../../infra/http/app";
import { ApiError } from "../../infra/http/errors";
import { isId, newId } from "../../infra/ids";
import { queueEvent } from "../../infra/queues/producers";
import { trackingEventIdNow } from "../../ingest/event-id";
import type { GatewayEvent, GatewayName } from "../types";
import { braintreeChallengeResponse } from "../braintree/verify";
import { peekWebhookConnection, webhookConnectionCached, type WebhookConnection } from "./connections";
import { countRefusal, flushRefusalsIfDue } from "./refusals";
import { verifyDelivery } from "./verify";

/**
 * Gateway events are small, but a Stripe invoice with many lines or a Paddle transaction
 * with many items is larger than an S2S event; only the normalized event is queued.
 */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

const GATEWAY_NAMES: Record<GatewayName, string> = { stripe: "Stripe", paddle: "Paddle", braintree: "Braintree" };

const tooLarge = () => new ApiError("payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES / 1024} KB.`);

/** Refuses what this connection must not accept, each with its own status (gateways retry any non-2xx). */
function refuseUnusable(connection: WebhookConnection | null, gateway: GatewayName, connectionId: string): asserts connection is WebhookConnection {
  if (!connection) throw new ApiError("not_found", `No gateway connection \`${connectionId}\`: copy the webhook URL from the connection's page in Rekomi.`);
  if (connection.gateway !== gateway) {
    throw new ApiError("not_found", `Connection \`${connectionId}\` is a ${GATEWAY_NAMES[connection.gateway]} connection: its webhook URL is /webhooks/${connection.gateway}/${connectionId}.`);
  }
  if (!connection.active) throw new ApiError("connection_disconnected", `Connection \`${connectionId}\` was disconnected; remove this webhook endpoint at ${GATEWAY_NAMES[gateway]} or connect again.`);
  if (!connection.brandActive) throw new ApiError("forbidden", "This brand is suspended; events are not accepted.");
}

/** The connection, looked up like a delivery's and refused for the same reasons. */
async function usableConnection(config: EdgeConfig, gateway: GatewayName, connectionId: string): Promise<WebhookConnection> {
  // Every await costs a turn of the event loop under load: the warm connection is read synchronously.
  const connection = !isId("gatewayConnection", connectionId) ? null : (peekWebhookConnection(connectionId) ?? (await webhookConnectionCached(config, connectionId)));
  refuseUnusable(connection, gateway, connectionId);
  return connection;
}

/**
 * Verifies, normalizes and durably queues one gateway notification; returns the 200 body.
 * No database round trip once the connection is cached. A redelivery gets the same id
 * (derived from the gateway's event id) and changes nothing: the consumer's unique key on
 * brand + source + event id.
 */
async function receive(req: Request, config: EdgeConfig, ctx: ExecutionContext, gateway: GatewayName, connectionId: string): Promise<{ id: string; status: "accepted"; type: GatewayEvent["type"] }> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) throw tooLarge();
  const connection = await usableConnection(config, gateway, connectionId);
  // Read as bytes so the limit counts bytes; every gateway sends UTF-8 text (Braintree a form).
  const bytes = await req.arrayBuffer();
  if (bytes.byteLength > MAX_WEBHOOK_BYTES) throw tooLarge();
  const body = new TextDecoder().decode(bytes);

  const now = Date.now();
  const delivery = await verifyDelivery(gateway, req.headers, body, connection, now);
  if (!delivery.verdict.ok) {
    const flush = countRefusal(config.EVENTS_QUEUE, { connection: connection.connectionId, brand: connection.brandId, reason: delivery.verdict.reason });
    if (flush) ctx.waitUntil(flush);
    throw new ApiError("unauthorized", `Signature refused: ${delivery.verdict.message}.`, { param: delivery.signatureParam });
  }

  const normalized = delivery.normalize();
  if (!normalized.ok) throw new ApiError("invalid_request", `The ${GATEWAY_NAMES[gateway]} event cannot be read: ${normalized.message}.`, { param: normalized.param });
  const event = normalized.event;
  // Test and live stay apart. Only Stripe says which mode an event is in; Paddle and
  // Braintree use separate accounts (and so separate connections) per mode.
  if (delivery.statesMode && event.livemode !== connection.livemode) {
    const mode = (live: boolean) => (live ? "live" : "test");
    throw new ApiError(
      "invalid_request",
      `This ${mode(event.livemode)}-mode event reached the ${mode(connection.livemode)}-mode connection \`${connection.connectionId}\`: point ${mode(event.livemode)}-mode webhooks at the ${mode(event.livemode)}-mode connection's URL.`,
      { param: "livemode" },
    );
  }
  const data: GatewayEvent = { ...event, livemode: connection.livemode };

  const id = trackingEventIdNow(connection.brandId, gateway, event.external_event_id);
  const json = JSON.stringify(data);
  try {
    await queueEvent(
      config.EVENTS_QUEUE,
      ctx,
      {
        id,
        brand: connection.brandId,
        source: gateway,
        connection: connection.connectionId,
        livemode: connection.livemode,
        delivery: event.external_event_id,
        type: event.type,
        data: data as unknown as Record<string, unknown>,
        receivedAt: now,
      },
      json.length,
    );
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "gateway event not queued", event_id: id, connection_id: connection.connectionId, error: String(err) }));
    throw new ApiError("service_unavailable", "The event could not be queued; the gateway will retry this delivery.");
  }
  return { id, status: "accepted", type: event.type };
}

/**
 * `GET /webhooks/braintree/{connection_id}?bt_challenge=<hex>`: Braintree checks a webhook
 * URL by asking it to sign a challenge with the merchant's key pair, as its SDKs'
 * `webhookNotification.verify` does.
 */
async function answerChallenge(req: Request, config: EdgeConfig, gateway: GatewayName, connectionId: string): Promise<string> {
  if (gateway !== "braintree") throw new ApiError("method_not_allowed", `${GATEWAY_NAMES[gateway]} webhooks are POSTed; only Braintree's URL check uses GET.`);
  const connection = await usableConnection(config, gateway, connectionId);
  const challenge = new URL(req.url).searchParams.get("bt_challenge") ?? "";
  const answer = connection.braintreeKeys ? await braintreeChallengeResponse(challenge, connection.braintreeKeys) : null;
  if (answer === null) throw new ApiError("invalid_request", "`bt_challenge` must be the hexadecimal challenge Braintree sends.", { param: "bt_challenge" });
  return answer;
}

/**
 * `POST /webhooks/{stripe|paddle|braintree}/{connection_id}`: a gateway's own signed
 * notification for one brand's connection. 200 means the normalized event is on the events
 * queue (ignored events too: the consumer records them for the connection's health page).
 * Like the other hot paths it runs before the router, answering with the same error envelope.
 */
export async function handleGatewayWebhook(req: Request, rawEnv: unknown, ctx: ExecutionContext, gateway: string, connectionId: string): Promise<Response> {
  const requestId = newId("request");
  let config: EdgeConfig | undefined;
  try {
    if (!Object.hasOwn(GATEWAY_NAMES, gateway)) throw new ApiError("not_found", `No gateway \`${gateway}\`: webhook URLs are /webhooks/{stripe|paddle|braintree}/{connection_id}.`);
    config = edgeConfig(rawEnv);
    if (req.method === "GET") {
      const answer = await answerChallenge(req, config, gateway as GatewayName, connectionId);
      return new Response(answer, { status: 200, headers: { "content-type": "text/plain", "request-id": requestId } });
    }
    const accepted = await receive(req, config, ctx, gateway as GatewayName, connectionId);
    return new Response(JSON.stringify(accepted), { status: 200, headers: { "content-type": "application/json", "request-id": requestId } });
  } catch (err) {
    return errorResponse(err, requestId);
  } finally {
    // Refusals counted since the last notice go out with the first webhook after the interval.
    const flush = config && flushRefusalsIfDue(config.EVENTS_QUEUE);
    if (flush) ctx.waitUntil(flush);
  }
}
