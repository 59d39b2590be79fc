import { MAX_WEBHOOK_BYTES } from "../../gateways/receive/handler";
import { verifyStripeSignature } from "../../gateways/stripe/verify";
import { edgeConfig, type EdgeConfig } from "../../infra/edge/config";
import { errorResponse } from "../../infra/http/app";
import { ApiError } from "../../infra/http/errors";
import { newId } from "../../infra/ids";
import type { PlatformStripeEvent } from "../../infra/queues/messages";

/** `platform`: Rekomi's own account (run charges, refunds, transfers); `connect`: creators' connected accounts. */
export type PayoutWebhookRoute = "platform" | "connect";

/** Cloudflare Queues take 128 KB per message; a bigger event could never be queued, so it is refused like a body too large. */
const MAX_MESSAGE_BYTES = 120 * 1024;

const tooLarge = () => new ApiError("payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES / 1024} KB.`);
const unreadable = (what: string, param: string) => new ApiError("invalid_request", `The Stripe event cannot be read: ${what}.`, { param });

/** The event's fields payouts use, checked; Stripe's `data.object` is kept as sent. */
function readEvent(body: string, route: PayoutWebhookRoute, receivedAt: number): PlatformStripeEvent {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw unreadable("the body is not JSON", "body");
  }
  if (!raw || typeof raw !== "object" || raw.object !== "event") throw unreadable("the body is not a Stripe event", "object");
  const data = raw.data as { object?: unknown; previous_attributes?: unknown } | undefined;
  if (typeof raw.id !== "string" || !raw.id.startsWith("evt_")) throw unreadable("`id` must be an `evt_…` id", "id");
  if (typeof raw.type !== "string" || raw.type === "") throw unreadable("`type` is missing", "type");
  if (typeof raw.created !== "number" || typeof raw.livemode !== "boolean") throw unreadable("`created` and `livemode` are required", "created");
  if (!data || typeof data.object !== "object" || data.object === null) throw unreadable("`data.object` is missing", "data.object");
  const account = typeof raw.account === "string" && raw.account !== "" ? raw.account : null;
  if (route === "connect" && !account) throw new ApiError("invalid_request", "A Connect webhook names its connected `account`; events of Rekomi's own account go to /webhooks/payouts/stripe.", { param: "account" });
  if (route === "platform" && account) throw new ApiError("invalid_request", "An event of a connected account goes to /webhooks/payouts/stripe-connect, not the platform's endpoint.", { param: "account" });
  const previous = data.previous_attributes;
  return {
    id: raw.id,
    type: raw.type,
    account,
    livemode: raw.livemode,
    created: raw.created,
    object: data.object as Record<string, unknown>,
    ...(previous && typeof previous === "object" ? { previous: previous as Record<string, unknown> } : {}),
    receivedAt,
  };
}

async function receive(req: Request, config: EdgeConfig, route: PayoutWebhookRoute): Promise<{ id: string; status: "accepted" }> {
  const secret = route === "platform" ? config.STRIPE_WEBHOOK_SECRET : config.STRIPE_CONNECT_WEBHOOK_SECRET;
  const secretName = route === "platform" ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_CONNECT_WEBHOOK_SECRET";
  if (!secret) throw new ApiError("service_unavailable", `Payouts webhooks are not configured on this deployment: ${secretName} is not set.`);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) throw tooLarge();
  const bytes = await req.arrayBuffer();
  if (bytes.byteLength > MAX_WEBHOOK_BYTES) throw tooLarge();
  const body = new TextDecoder().decode(bytes);
  const verdict = await verifyStripeSignature(body, req.headers.get("stripe-signature"), secret);
  if (!verdict.ok) throw new ApiError("unauthorized", `Signature refused: ${verdict.message}.`, { param: "Stripe-Signature" });

  const event = readEvent(body, route, Date.now());
  const message = { v: 1 as const, kind: "stripe_event" as const, event };
  if (JSON.stringify(message).length > MAX_MESSAGE_BYTES) throw tooLarge();
  try {
    await config.PAYOUTS_QUEUE.send(message, { contentType: "json" });
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "payouts Stripe event not queued", event_id: event.id, type: event.type, error: String(err) }));
    throw new ApiError("service_unavailable", "The event could not be queued; Stripe will retry this delivery.");
  }
  return { id: event.id, status: "accepted" };
}

/**
 * `POST /webhooks/payouts/stripe` (Rekomi's platform account) and
 * `POST /webhooks/payouts/stripe-connect` (creators' connected accounts): Stripe's signed
 * event, checked against the endpoint's secret in constant time, is put as is on queue
 * `rekomi-payouts`; 200 only once it is queued (Stripe retries anything else). No SDK and no
 * database here: the consumer finds whose event it is.
 */
export async function handlePayoutWebhook(req: Request, rawEnv: unknown, route: PayoutWebhookRoute): Promise<Response> {
  const requestId = newId("request");
  try {
    const accepted = await receive(req, edgeConfig(rawEnv), route);
    return new Response(JSON.stringify(accepted), { status: 200, headers: { "content-type": "application/json", "request-id": requestId } });
  } catch (err) {
    return errorResponse(err, requestId);
  }
}
