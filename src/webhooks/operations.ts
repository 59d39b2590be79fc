import { z } from "@hono/zod-openapi";
import { brandOperation } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { changeEndpoint, createEndpoint, deleteEndpoint, redeliver, rotateEndpointSecret, sendTestEvent } from "./endpoints";
import { enqueueAfterCommit } from "./enqueue";
import { findDelivery, findEndpoint, listDeliveries, listEndpoints } from "./queries";
import {
  CreateWebhookEndpoint,
  DeletedWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  serializeDelivery,
  serializeEndpoint,
} from "./schemas";

/** A brand's webhook endpoints and their delivery log, on /v1 and in the dashboard's Developers page. */

const tags = ["Webhooks"];
const endpointParams = idParams({ endpointId: "whe" });
const deliveryParams = idParams({ deliveryId: "whd" });
const endpointTarget = (id: string) => ({ type: "webhook_endpoint", id });

export const listEndpointsOperation = brandOperation({
  id: "listWebhookEndpoints",
  permission: "developers.view",
  method: "get",
  path: "/webhook-endpoints",
  tags,
  summary: "List webhook endpoints",
  description: "Newest first.",
  request: { query: PageQuery },
  response: { status: 200, schema: pageSchema(WebhookEndpoint), description: "A page of endpoints." },
  async handler(ctx, { query: { limit, cursor } }) {
    const rows = await ctx.run((tx) => listEndpoints(tx, { limit, before: decodeCursor(cursor) }));
    return toPage(rows, limit, serializeEndpoint);
  },
});

export const createEndpointOperation = brandOperation({
  id: "createWebhookEndpoint",
  permission: "developers.manage",
  method: "post",
  path: "/webhook-endpoints",
  tags,
  summary: "Create a webhook endpoint",
  description:
    "Events are POSTed as JSON signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The signing secret is in this response only: it is never stored with the `Idempotency-Key` record, so a replay answers `secret: null` (rotate the secret to get a new one).",
  request: { body: CreateWebhookEndpoint },
  response: { status: 201, schema: WebhookEndpointWithSecret, description: "The endpoint and its secret." },
  handler: (ctx, { body }) =>
    ctx.runShowingSecret(async (tx) => {
      const { row, secret } = await createEndpoint(tx, ctx.config.SECRETS_ENCRYPTION_KEY, ctx.config.APP_ENV, ctx.brandId, body);
      await ctx.audit(tx, { action: "webhook_endpoint.created", target: endpointTarget(row.id), metadata: { url: body.url } });
      return { body: serializeEndpoint(row), secret };
    }),
});

export const getEndpointOperation = brandOperation({
  id: "getWebhookEndpoint",
  permission: "developers.view",
  method: "get",
  path: "/webhook-endpoints/{endpointId}",
  tags,
  summary: "Retrieve a webhook endpoint",
  request: { params: endpointParams },
  response: { status: 200, schema: WebhookEndpoint, description: "The endpoint." },
  async handler(ctx, { params: { endpointId } }) {
    const row = await ctx.run((tx) => findEndpoint(tx, endpointId));
    if (!row) throw new DomainError("not_found", `No webhook endpoint ${endpointId}.`, { param: "endpointId" });
    return serializeEndpoint(row);
  },
});

export const updateEndpointOperation = brandOperation({
  id: "updateWebhookEndpoint",
  permission: "developers.manage",
  method: "patch",
  path: "/webhook-endpoints/{endpointId}",
  tags,
  summary: "Update a webhook endpoint",
  description: "Only the fields sent change.",
  request: { params: endpointParams, body: UpdateWebhookEndpoint },
  response: { status: 200, schema: WebhookEndpoint, description: "The updated endpoint." },
  handler: (ctx, { params: { endpointId }, body }) =>
    ctx.run(async (tx) => {
      const row = await changeEndpoint(tx, endpointId, body, ctx.config.APP_ENV);
      const metadata = { fields: Object.keys(body), ...(body.status && { status: body.status }) };
      await ctx.audit(tx, { action: "webhook_endpoint.updated", target: endpointTarget(endpointId), metadata });
      return serializeEndpoint(row);
    }),
});

export const deleteEndpointOperation = brandOperation({
  id: "deleteWebhookEndpoint",
  permission: "developers.manage",
  method: "delete",
  path: "/webhook-endpoints/{endpointId}",
  tags,
  summary: "Delete a webhook endpoint",
  description: "Stops deliveries to it and removes its delivery log.",
  request: { params: endpointParams },
  response: { status: 200, schema: DeletedWebhookEndpoint, description: "Deleted." },
  handler: (ctx, { params: { endpointId } }) =>
    ctx.run(async (tx) => {
      await deleteEndpoint(tx, endpointId);
      await ctx.audit(tx, { action: "webhook_endpoint.deleted", target: endpointTarget(endpointId) });
      return { id: endpointId, object: "webhook_endpoint" as const, deleted: true as const };
    }),
});

export const rotateEndpointSecretOperation = brandOperation({
  id: "rotateWebhookEndpointSecret",
  permission: "developers.manage",
  method: "post",
  path: "/webhook-endpoints/{endpointId}/rotate-secret",
  tags,
  summary: "Rotate an endpoint's signing secret",
  description:
    "Returns the new secret once (an `Idempotency-Key` replay answers `secret: null`). For 24 hours deliveries carry signatures from both secrets, so receivers can switch without dropping events.",
  request: { params: endpointParams },
  response: { status: 200, schema: WebhookEndpointWithSecret, description: "The endpoint and its new secret." },
  handler: (ctx, { params: { endpointId } }) =>
    ctx.runShowingSecret(async (tx) => {
      const { row, secret } = await rotateEndpointSecret(tx, ctx.config.SECRETS_ENCRYPTION_KEY, endpointId);
      await ctx.audit(tx, { action: "webhook_endpoint.secret_rotated", target: endpointTarget(endpointId) });
      return { body: serializeEndpoint(row), secret };
    }),
});

export const sendTestEventOperation = brandOperation({
  id: "sendWebhookTestEvent",
  permission: "developers.manage",
  method: "post",
  path: "/webhook-endpoints/{endpointId}/test",
  tags,
  summary: "Send a test event",
  description: "Queues a `ping` event to this endpoint; follow it in the delivery log.",
  request: { params: endpointParams },
  response: { status: 202, schema: WebhookDelivery, description: "The queued delivery." },
  async handler(ctx, { params: { endpointId } }) {
    const delivery = await ctx.run(async (tx) => {
      const found = await sendTestEvent(tx, ctx.brandId, endpointId);
      return serializeDelivery(found.delivery, found.type);
    });
    // An `Idempotency-Key` replay enqueues it again: harmless, the delivery's claim lets one attempt through.
    enqueueAfterCommit(ctx, ctx.config.WEBHOOKS, ctx.brandId, [delivery.id]);
    return delivery;
  },
});

export const listDeliveriesOperation = brandOperation({
  id: "listWebhookDeliveries",
  permission: "developers.view",
  method: "get",
  path: "/webhook-endpoints/{endpointId}/deliveries",
  tags,
  summary: "An endpoint's delivery log",
  description: "Newest first; filter by `status` to find failures to redeliver.",
  request: { params: endpointParams, query: PageQuery.extend({ status: z.enum(["pending", "succeeded", "failed"]).optional() }) },
  response: { status: 200, schema: pageSchema(WebhookDelivery), description: "A page of deliveries." },
  async handler(ctx, { params: { endpointId }, query: { limit, cursor, status } }) {
    const rows = await ctx.run(async (tx) => {
      if (!(await findEndpoint(tx, endpointId))) throw new DomainError("not_found", `No webhook endpoint ${endpointId}.`, { param: "endpointId" });
      return listDeliveries(tx, endpointId, { limit, before: decodeCursor(cursor), status });
    });
    return toPage(rows, limit, (r) => serializeDelivery(r.delivery, r.type));
  },
});

export const getDeliveryOperation = brandOperation({
  id: "getWebhookDelivery",
  permission: "developers.view",
  method: "get",
  path: "/webhook-deliveries/{deliveryId}",
  tags,
  summary: "Retrieve a delivery with its attempt log",
  request: { params: deliveryParams },
  response: { status: 200, schema: WebhookDelivery, description: "The delivery and every attempt." },
  async handler(ctx, { params: { deliveryId } }) {
    const found = await ctx.run((tx) => findDelivery(tx, deliveryId));
    if (!found) throw new DomainError("not_found", `No webhook delivery ${deliveryId}.`, { param: "deliveryId" });
    return serializeDelivery(found.delivery, found.type, found.attempts);
  },
});

export const redeliverOperation = brandOperation({
  id: "redeliverWebhook",
  permission: "developers.manage",
  method: "post",
  path: "/webhook-deliveries/{deliveryId}/redeliver",
  tags,
  summary: "Redeliver an event",
  description: "Starts a fresh retry schedule for a delivery that failed or succeeded; the event keeps its id, so receivers can deduplicate.",
  request: { params: deliveryParams },
  response: { status: 202, schema: WebhookDelivery, description: "The delivery, pending again." },
  errors: { 409: "The delivery is already pending." },
  async handler(ctx, { params: { deliveryId } }) {
    const delivery = await ctx.run(async (tx) => {
      const found = await redeliver(tx, deliveryId);
      return serializeDelivery(found.delivery, found.type);
    });
    enqueueAfterCommit(ctx, ctx.config.WEBHOOKS, ctx.brandId, [deliveryId]);
    return delivery;
  },
});

export const webhookOperations = [
  listEndpointsOperation,
  createEndpointOperation,
  getEndpointOperation,
  updateEndpointOperation,
  deleteEndpointOperation,
  rotateEndpointSecretOperation,
  sendTestEventOperation,
  listDeliveriesOperation,
  getDeliveryOperation,
  redeliverOperation,
];
