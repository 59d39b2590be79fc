import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { changeEndpoint, createEndpoint, rotateEndpointSecret, sendTestEvent } from "../endpoints";
import { enqueueAfterCommit } from "../enqueue";
import { listEndpoints } from "../queries";
import { CreateWebhookEndpoint, UpdateWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret, serializeDelivery, serializeEndpoint } from "../schemas";

/** A brand's webhook endpoints in the dashboard: the writes are the REST API's (../endpoints.ts). */

const brandParams = idParams({ brandId: "brd" });
const endpointParams = idParams({ brandId: "brd", endpointId: "whe" });

export const dashboardListEndpointsRoute = dashboardRoute({ brand: "developers.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/webhook-endpoints",
  tags: ["Webhooks"],
  summary: "List webhook endpoints",
  request: { params: brandParams, query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(WebhookEndpoint), "A page of endpoints, newest first."), ...commonErrors },
});

export const dashboardCreateEndpointRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/webhook-endpoints",
  tags: ["Webhooks"],
  summary: "Add a webhook endpoint",
  description: "The answer carries the signing secret once.",
  request: { params: brandParams, body: jsonBody(CreateWebhookEndpoint) },
  responses: { 201: jsonResponse(WebhookEndpointWithSecret, "The endpoint and its secret."), ...commonErrors },
});

export const dashboardUpdateEndpointRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "patch",
  path: "/api/brands/{brandId}/webhook-endpoints/{endpointId}",
  tags: ["Webhooks"],
  summary: "Enable, disable or change a webhook endpoint",
  request: { params: endpointParams, body: jsonBody(UpdateWebhookEndpoint) },
  responses: { 200: jsonResponse(WebhookEndpoint, "The updated endpoint."), ...commonErrors },
});

export const dashboardRotateEndpointSecretRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/webhook-endpoints/{endpointId}/rotate-secret",
  tags: ["Webhooks"],
  summary: "Rotate an endpoint's signing secret",
  description: "The new secret is shown once; for 24 hours deliveries are signed with both.",
  request: { params: endpointParams },
  responses: { 200: jsonResponse(WebhookEndpointWithSecret, "The endpoint and its new secret."), ...commonErrors },
});

export const dashboardSendTestRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/webhook-endpoints/{endpointId}/test",
  tags: ["Webhooks"],
  summary: "Send a test event",
  request: { params: endpointParams },
  responses: { 202: jsonResponse(WebhookDelivery, "The queued delivery."), ...commonErrors },
});

export function registerDashboardEndpointRoutes(app: DashboardApp) {
  app.openapi(dashboardListEndpointsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) => listEndpoints(tx, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, serializeEndpoint), 200);
  });

  app.openapi(dashboardCreateEndpointRoute, async (c) => {
    const input = c.req.valid("json");
    const { row, secret } = await withAccessedBrand(c, async (tx, access) => {
      const created = await createEndpoint(tx, c.var.config.SECRETS_ENCRYPTION_KEY, c.var.config.APP_ENV, access.brandId, input);
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "webhook_endpoint.created",
        target: { type: "webhook_endpoint", id: created.row.id },
        metadata: { url: input.url },
        client: clientInfo(c),
      });
      return created;
    });
    return c.json({ ...serializeEndpoint(row), secret }, 201);
  });

  app.openapi(dashboardUpdateEndpointRoute, async (c) => {
    const { endpointId } = c.req.valid("param");
    const input = c.req.valid("json");
    const row = await withAccessedBrand(c, async (tx, access) => {
      const row = await changeEndpoint(tx, endpointId, input, c.var.config.APP_ENV, "endpointId");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "webhook_endpoint.updated",
        target: { type: "webhook_endpoint", id: endpointId },
        metadata: { fields: Object.keys(input), ...(input.status && { status: input.status }) },
        client: clientInfo(c),
      });
      return row;
    });
    return c.json(serializeEndpoint(row), 200);
  });

  app.openapi(dashboardRotateEndpointSecretRoute, async (c) => {
    const { endpointId } = c.req.valid("param");
    const { row, secret } = await withAccessedBrand(c, async (tx, access) => {
      const rotated = await rotateEndpointSecret(tx, c.var.config.SECRETS_ENCRYPTION_KEY, endpointId, "endpointId");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "webhook_endpoint.secret_rotated",
        target: { type: "webhook_endpoint", id: endpointId },
        client: clientInfo(c),
      });
      return rotated;
    });
    return c.json({ ...serializeEndpoint(row), secret }, 200);
  });

  app.openapi(dashboardSendTestRoute, async (c) => {
    const { endpointId } = c.req.valid("param");
    const { found, brandId } = await withAccessedBrand(c, async (tx, access) => ({ found: await sendTestEvent(tx, access.brandId, endpointId, "endpointId"), brandId: access.brandId }));
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, [found.delivery.id]);
    return c.json(serializeDelivery(found.delivery, found.type), 202);
  });
}
