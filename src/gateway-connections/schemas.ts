import { z } from "@hono/zod-openapi";
import { GATEWAY_EVENTS } from "../gateways/catalog";
import { GATEWAYS, SECRET_SOURCES, type gatewayConnections } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";

/** How long a rotated-out signing secret keeps verifying: deliveries signed just before a rotation still land. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600 * 1000;

const Gateway = z.enum(GATEWAYS).openapi({ description: "The payment gateway." });
const Mode = z.enum(["test", "live"]).openapi({ description: "The gateway's test mode (Stripe test mode, Paddle sandbox, Braintree sandbox) or live mode; both can be connected side by side." });

const Key = z.string().trim().min(8).max(500);
const StripeSigningSecret = z
  .string()
  .trim()
  .regex(/^whsec_[A-Za-z0-9]{8,200}$/, "must be a Stripe endpoint signing secret (`whsec_…`)")
  .openapi({ description: "The signing secret of an endpoint you made in Stripe's dashboard (Developers → Webhooks), pointing at this connection's `webhook_url`. Only needed when the key may not manage webhook endpoints." });
const PaddleSigningSecret = z
  .string()
  .trim()
  .min(8)
  .max(500)
  .openapi({ description: "The secret key of a notification destination you made in Paddle (Developer tools → Notifications) pointing at this connection's `webhook_url`. Only needed when the key may not manage notification settings." });

const StripeKeys = z
  .object({
    api_key: Key.openapi({ description: "A restricted key (`rk_…`) with write access to Webhook Endpoints (and read access to the account), or a secret key." }),
    signing_secret: StripeSigningSecret.optional(),
  })
  .strict();
const StripeInput = StripeKeys.extend({
  connect: z.boolean().optional().openapi({
    description:
      "True for a Stripe Connect platform: Rekomi registers a Connect endpoint, which receives the events of your connected accounts (each carrying their `account`), all credited to your brand. A platform that also takes payments on its own account connects twice in the same mode: once with `connect` (its connected accounts), once without (its own account). Paste the signing secret of a Connect endpoint (\"Events on connected accounts\") if you create it yourself.",
  }),
}).strict();
const PaddleInput = z
  .object({
    api_key: Key.openapi({ description: "A Paddle Billing API key with the notification settings write permission." }),
    signing_secret: PaddleSigningSecret.optional(),
  })
  .strict();
const BraintreeInput = z
  .object({
    merchant_id: z.string().trim().min(1).max(100),
    public_key: z.string().trim().min(1).max(100),
    private_key: z.string().trim().min(8).max(200),
  })
  .strict();

export const CreateGatewayConnection = z
  .object({
    gateway: Gateway,
    mode: Mode,
    name: z.string().trim().min(1).max(100).optional().openapi({ description: "A label; defaults to the gateway and mode, e.g. `Stripe (test)`." }),
    stripe: StripeInput.optional(),
    paddle: PaddleInput.optional(),
    braintree: BraintreeInput.optional(),
  })
  .strict()
  .openapi("CreateGatewayConnection");
export type CreateGatewayConnection = z.output<typeof CreateGatewayConnection>;

export const RotateGatewayConnection = z
  .object({
    stripe: StripeKeys.partial().strict().optional().openapi({ description: "A new key, a pasted signing secret, or neither (Rekomi registers a new endpoint, of the connection's kind, with a new secret)." }),
    paddle: PaddleInput.partial().strict().optional().openapi({ description: "A new key, a pasted secret key, or neither (Rekomi registers a new destination with a new secret)." }),
    braintree: BraintreeInput.partial({ merchant_id: true }).strict().optional().openapi({ description: "The new API key pair (Braintree signs with it)." }),
  })
  .strict()
  .openapi("RotateGatewayConnection");
export type RotateGatewayConnection = z.output<typeof RotateGatewayConnection>;

export const GatewayConnection = z
  .object({
    object: z.literal("gateway_connection"),
    id: z.string().openapi({ example: "gwc_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    gateway: Gateway,
    mode: Mode,
    name: z.string(),
    status: z.enum(["active", "disconnected"]),
    account_id: z.string().nullable().openapi({ description: "The gateway's account (Stripe `acct_…`, Braintree merchant id) when known." }),
    connect: z.boolean().openapi({ description: "Stripe only: a Connect platform connection, whose events come from the platform's connected accounts (and are credited to this brand). False for every other connection, which ignores events naming another account." }),
    credentials_hint: z.string().nullable().openapi({ example: "…x9Qz", description: "The last characters of the API key (Braintree: of the public key)." }),
    signing_secret_hint: z.string().nullable().openapi({ description: "The last characters of the webhook signing secret; null for Braintree, which signs with the key pair." }),
    secret_source: z.enum(SECRET_SOURCES).openapi({ description: "`registered`: Rekomi created the endpoint through the gateway's API; `pasted`: you pasted the secret; `credentials`: Braintree signs with the API key pair." }),
    previous_signing_secret_expires_at: Timestamp.nullable().openapi({ description: "Until then the signing secret before the last rotation still verifies." }),
    webhook_url: z.string().openapi({ example: "https://go.rekomi.com/webhooks/stripe/gwc_01jdx3h5c2v7n9q4r8t6w0y2z1", description: "Where the gateway sends this connection's events." }),
    events: z.array(z.string()).openapi({ description: "The notification types the gateway must send (for Braintree: the kinds to tick in its control panel)." }),
    remote_endpoint_id: z.string().nullable().openapi({ description: "The endpoint Rekomi registered at the gateway (Stripe `we_…`, Paddle `ntfset_…`)." }),
    last_event_at: Timestamp.nullable(),
    created_at: Timestamp,
    rotated_at: Timestamp.nullable(),
    disconnected_at: Timestamp.nullable(),
  })
  .openapi("GatewayConnection");
export type GatewayConnection = z.infer<typeof GatewayConnection>;

const ReasonCount = z.object({ reason: z.string(), count: z.number().int() });

export const GatewayConnectionHealth = z
  .object({
    object: z.literal("gateway_connection_health"),
    last_event_at: Timestamp.nullable(),
    since: Timestamp.openapi({ description: "The counts cover events from this moment on (the last 24 hours)." }),
    events: z.object({
      credited: z.number().int().openapi({ description: "Conversions credited to a creator." }),
      unattributed: z.number().int().openapi({ description: "Conversions no creator was credited for." }),
      ignored: z.array(ReasonCount).openapi({ description: "Genuine notifications Rekomi does nothing with, by reason." }),
      refused_signature: z.array(ReasonCount).openapi({ description: "Deliveries refused for their signature, by reason (`missing`, `malformed`, `stale`, `future`, `mismatch`)." }),
    }),
  })
  .openapi("GatewayConnectionHealth");
export type GatewayConnectionHealth = z.infer<typeof GatewayConnectionHealth>;

export const GatewayTestEvent = z
  .object({
    object: z.literal("gateway_test_event"),
    delivered: z.boolean().openapi({ description: "True when the webhook URL accepted the signed test notification (2xx)." }),
    status: z.number().int().nullable().openapi({ description: "The webhook URL's HTTP status; null when it could not be reached." }),
    event_id: z.string().openapi({ description: "The test notification's id, as the health page's ignored events count it." }),
    error: z.string().nullable().openapi({ description: "Why it was not delivered, when it was not." }),
  })
  .openapi("GatewayTestEvent");
export type GatewayTestEvent = z.infer<typeof GatewayTestEvent>;

type Row = typeof gatewayConnections.$inferSelect;

/** Where the gateway posts this connection's events: the edge's route for it. */
export function webhookUrlOf(trackingBaseUrl: string, gateway: string, id: string): string {
  return `${trackingBaseUrl}/webhooks/${gateway}/${id}`;
}

export function serializeGatewayConnection(r: Row, trackingBaseUrl: string, now = new Date()): GatewayConnection {
  const graceOpen = r.previousSigningSecretExpiresAt && r.previousSigningSecretExpiresAt > now;
  return {
    object: "gateway_connection",
    id: r.id,
    gateway: r.gateway,
    mode: r.livemode ? "live" : "test",
    name: r.name,
    status: r.status,
    account_id: r.accountId,
    connect: r.connect,
    credentials_hint: r.credentialsHint,
    signing_secret_hint: r.signingSecretHint,
    secret_source: r.secretSource,
    previous_signing_secret_expires_at: graceOpen ? r.previousSigningSecretExpiresAt!.toISOString() : null,
    webhook_url: webhookUrlOf(trackingBaseUrl, r.gateway, r.id),
    events: [...GATEWAY_EVENTS[r.gateway]],
    remote_endpoint_id: r.remoteEndpointId,
    last_event_at: r.lastEventAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
    rotated_at: r.rotatedAt?.toISOString() ?? null,
    disconnected_at: r.disconnectedAt?.toISOString() ?? null,
  };
}
