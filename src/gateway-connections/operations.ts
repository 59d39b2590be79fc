import { brandOperation, type OperationContext } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { connectGateway, disconnectGatewayConnection, forgetEndpoint, notFound, rotateGatewayConnection } from "./changes";
import { connectionHealthCounts, findGatewayConnection, listGatewayConnections } from "./queries";
import type { RemoteEndpoint } from "./remote";
import {
  CreateGatewayConnection,
  GatewayConnection,
  GatewayConnectionHealth,
  GatewayTestEvent,
  RotateGatewayConnection,
  serializeGatewayConnection,
} from "./schemas";
import { deliverTestEvent, signedTestEvent } from "./test-event";

/**
 * Payment gateway connections (Settings → Payment gateways, and `/v1/gateway-connections`):
 * connect Stripe, Paddle and Braintree in test and live mode, rotate, disconnect, see each
 * connection's health and send it a test event. Secrets go in and never come out.
 */

const tags = ["Gateway connections"];
const connectionParams = idParams({ connectionId: "gwc" });
const target = (id: string) => ({ type: "gateway_connection", id });
const HEALTH_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Runs a change that may register an endpoint at the gateway: if the brand transaction does
 * not commit, that endpoint is removed again (never a half-made connection); once it has
 * committed, the endpoint the change made obsolete is removed. Both best-effort.
 */
async function withGatewayEndpoints<T>(ctx: OperationContext, change: (made: { registered: RemoteEndpoint | null; obsolete: RemoteEndpoint | null }) => Promise<T>): Promise<T> {
  const made = { registered: null as RemoteEndpoint | null, obsolete: null as RemoteEndpoint | null };
  let result: T;
  try {
    result = await change(made);
  } catch (error) {
    await forgetEndpoint(ctx.config, made.registered);
    throw error;
  }
  await forgetEndpoint(ctx.config, made.obsolete);
  return result;
}

export const listGatewayConnectionsOperation = brandOperation({
  id: "listGatewayConnections",
  permission: "gateways.view",
  method: "get",
  path: "/gateway-connections",
  tags,
  summary: "List gateway connections",
  description: "Newest first, disconnected ones included. Secrets are never listed: only their last characters.",
  request: { query: PageQuery },
  response: { status: 200, schema: pageSchema(GatewayConnection), description: "A page of connections." },
  async handler(ctx, { query: { limit, cursor } }) {
    const rows = await ctx.run((tx) => listGatewayConnections(tx, { limit, before: decodeCursor(cursor) }));
    return toPage(rows, limit, (r) => serializeGatewayConnection(r, ctx.config.TRACKING_BASE_URL));
  },
});

export const getGatewayConnectionOperation = brandOperation({
  id: "getGatewayConnection",
  permission: "gateways.view",
  method: "get",
  path: "/gateway-connections/{connectionId}",
  tags,
  summary: "Get a gateway connection",
  request: { params: connectionParams },
  response: { status: 200, schema: GatewayConnection, description: "The connection." },
  async handler(ctx, { params: { connectionId } }) {
    const row = await ctx.run((tx) => findGatewayConnection(tx, connectionId));
    if (!row) throw notFound(connectionId);
    return serializeGatewayConnection(row, ctx.config.TRACKING_BASE_URL);
  },
});

export const createGatewayConnectionOperation = brandOperation({
  id: "createGatewayConnection",
  permission: "gateways.manage",
  method: "post",
  path: "/gateway-connections",
  tags,
  summary: "Connect a payment gateway",
  description: [
    "One active connection per gateway and mode; test and live side by side (a Stripe Connect platform may add one `stripe.connect` connection per mode for its connected accounts).",
    "**Stripe**: give a restricted key (`rk_…`) that may write Webhook Endpoints; Rekomi registers its endpoint (`webhook_url`, the `events` listed) and keeps the signing secret Stripe returns. If the key may not manage endpoints, create the endpoint in Stripe's dashboard and paste its secret as `stripe.signing_secret`. With `stripe.connect: true` the endpoint is a Connect endpoint: the events of your connected accounts, credited to your brand.",
    "**Paddle Billing**: give an API key that may write notification settings; Rekomi creates its notification destination and keeps its secret key (or paste one as `paddle.signing_secret`).",
    "**Braintree**: give the merchant id and an API key pair, then add `webhook_url` in Braintree's control panel (Settings → Webhooks) with the `events` kinds ticked.",
    "A key of the other mode (`sk_test_…` for a live connection) is refused. Secrets are stored encrypted and never shown again.",
  ].join("\n\n"),
  request: { body: CreateGatewayConnection },
  response: { status: 201, schema: GatewayConnection, description: "The connection." },
  errors: { 409: "This gateway is already connected in this mode (for Stripe: of this kind, own account or Connect).", 502: "The gateway failed or could not be reached; nothing was connected." },
  handler: (ctx, { body }) =>
    withGatewayEndpoints(ctx, (made) =>
      ctx.run(async (tx) => {
        const createdBy = ctx.actor.type === "user" ? ctx.actor.id : null;
        const { row, registered } = await connectGateway(tx, ctx.config, { ...body, brandId: ctx.brandId, createdByUserId: createdBy });
        made.registered = registered;
        await ctx.audit(tx, { action: "gateway_connection.connected", target: target(row.id), metadata: { gateway: row.gateway, mode: body.mode, secret_source: row.secretSource } });
        return serializeGatewayConnection(row, ctx.config.TRACKING_BASE_URL);
      }),
    ),
});

export const rotateGatewayConnectionOperation = brandOperation({
  id: "rotateGatewayConnection",
  permission: "gateways.manage",
  method: "post",
  path: "/gateway-connections/{connectionId}/rotate",
  tags,
  summary: "Rotate a gateway connection's credentials or signing secret",
  description:
    "Stripe and Paddle: a new `api_key` replaces the stored one; the signing secret is renewed every time, from a pasted `signing_secret` or by registering a new endpoint at the gateway (with the new key, or the stored one) that replaces Rekomi's earlier one. The previous signing secret keeps verifying for 24 hours. Braintree: a new key pair (Braintree signs with every active pair of the merchant, so keep the old one active there until this succeeds).",
  request: { params: connectionParams, body: RotateGatewayConnection },
  response: { status: 200, schema: GatewayConnection, description: "The connection." },
  errors: { 409: "The connection is disconnected.", 502: "The gateway failed or could not be reached; nothing was changed." },
  handler: (ctx, { params: { connectionId }, body }) =>
    withGatewayEndpoints(ctx, (made) =>
      ctx.run(async (tx) => {
        const { row, registered, replaced, now } = await rotateGatewayConnection(tx, ctx.config, connectionId, body);
        made.registered = registered;
        made.obsolete = replaced;
        const changed = Object.keys(body[row.gateway] ?? {});
        await ctx.audit(tx, { action: "gateway_connection.rotated", target: target(connectionId), metadata: { gateway: row.gateway, given: changed, secret_source: row.secretSource } });
        return serializeGatewayConnection(row, ctx.config.TRACKING_BASE_URL, now);
      }),
    ),
});

export const disconnectGatewayConnectionOperation = brandOperation({
  id: "disconnectGatewayConnection",
  permission: "gateways.manage",
  method: "post",
  path: "/gateway-connections/{connectionId}/disconnect",
  tags,
  summary: "Disconnect a gateway",
  description:
    "The edge refuses the connection's events from then on (within 30 seconds everywhere), and Rekomi deletes the endpoint it registered at the gateway. Its conversions stay. Disconnecting twice is harmless; connect again to resume.",
  request: { params: connectionParams },
  response: { status: 200, schema: GatewayConnection, description: "The disconnected connection." },
  handler: (ctx, { params: { connectionId } }) =>
    withGatewayEndpoints(ctx, (made) =>
      ctx.run(async (tx) => {
        const { row, changed, obsolete } = await disconnectGatewayConnection(tx, ctx.config, connectionId);
        made.obsolete = obsolete;
        if (changed) await ctx.audit(tx, { action: "gateway_connection.disconnected", target: target(connectionId), metadata: { gateway: row.gateway } });
        return serializeGatewayConnection(row, ctx.config.TRACKING_BASE_URL);
      }),
    ),
});

export const gatewayConnectionHealthOperation = brandOperation({
  id: "getGatewayConnectionHealth",
  permission: "gateways.view",
  method: "get",
  path: "/gateway-connections/{connectionId}/health",
  tags,
  summary: "A gateway connection's health",
  description:
    "The last event received, and the last 24 hours by outcome: conversions credited to a creator or not, notifications ignored (by reason) and deliveries refused for their signature (by reason).",
  request: { params: connectionParams },
  response: { status: 200, schema: GatewayConnectionHealth, description: "The connection's health." },
  async handler(ctx, { params: { connectionId } }) {
    const since = new Date(Date.now() - HEALTH_WINDOW_MS);
    const { row, counts } = await ctx.run(async (tx) => {
      const row = await findGatewayConnection(tx, connectionId);
      if (!row) throw notFound(connectionId);
      return { row, counts: await connectionHealthCounts(tx, connectionId, since) };
    });
    const latest = [row.lastEventAt, counts.latestEventAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
    return {
      object: "gateway_connection_health" as const,
      last_event_at: latest?.toISOString() ?? null,
      since: since.toISOString(),
      events: { credited: counts.credited, unattributed: counts.unattributed, ignored: counts.ignored, refused_signature: counts.refusedSignature },
    };
  },
});

export const sendGatewayTestEventOperation = brandOperation({
  id: "sendGatewayTestEvent",
  permission: "gateways.manage",
  method: "post",
  path: "/gateway-connections/{connectionId}/test-event",
  tags,
  summary: "Send a test event through a gateway connection",
  description:
    "Rekomi signs a harmless notification exactly as the gateway would (Stripe and Paddle: type `rekomi.test_event`; Braintree: its `check` kind) with the connection's own secret and posts it to `webhook_url`. It is recorded as ignored, so it shows on the health page and changes nothing else.",
  request: { params: connectionParams },
  response: { status: 200, schema: GatewayTestEvent, description: "Whether the webhook URL accepted it." },
  errors: { 409: "The connection is disconnected." },
  handler: (ctx, { params: { connectionId } }) =>
    ctx.run(async (tx) => {
      // No row lock while the request is out: the edge only reads the connection.
      const row = await findGatewayConnection(tx, connectionId);
      if (!row) throw notFound(connectionId);
      if (row.status !== "active") throw new DomainError("conflict", `Connection ${connectionId} is disconnected; connect the gateway again to test it.`, { param: "connectionId" });
      const result = await deliverTestEvent(await signedTestEvent(ctx.config, row));
      await ctx.audit(tx, { action: "gateway_connection.test_event_sent", target: target(connectionId), metadata: { delivered: result.delivered, status: result.status } });
      return result;
    }),
});

export const gatewayConnectionOperations = [
  listGatewayConnectionsOperation,
  getGatewayConnectionOperation,
  createGatewayConnectionOperation,
  rotateGatewayConnectionOperation,
  disconnectGatewayConnectionOperation,
  gatewayConnectionHealthOperation,
  sendGatewayTestEventOperation,
];
