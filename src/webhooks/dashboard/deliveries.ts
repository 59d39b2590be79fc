import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { ApiError } from "../../infra/http/errors";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, errorResponse, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { redeliver } from "../endpoints";
import { enqueueAfterCommit } from "../enqueue";
import { findDelivery, findEndpoint, listDeliveries } from "../queries";
import { WebhookDelivery, serializeDelivery } from "../schemas";

/** The delivery log of a brand's endpoints, with each attempt, and manual redelivery. */

export const dashboardListDeliveriesRoute = dashboardRoute({ brand: "developers.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/webhook-endpoints/{endpointId}/deliveries",
  tags: ["Webhooks"],
  summary: "An endpoint's delivery log",
  request: {
    params: idParams({ brandId: "brd", endpointId: "whe" }),
    query: PageQuery.extend({ status: z.enum(["pending", "succeeded", "failed"]).optional() }),
  },
  responses: { 200: jsonResponse(pageSchema(WebhookDelivery), "A page of deliveries, newest first."), ...commonErrors },
});

export const dashboardGetDeliveryRoute = dashboardRoute({ brand: "developers.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/webhook-deliveries/{deliveryId}",
  tags: ["Webhooks"],
  summary: "A delivery with every attempt",
  request: { params: idParams({ brandId: "brd", deliveryId: "whd" }) },
  responses: { 200: jsonResponse(WebhookDelivery, "The delivery and its attempt log."), ...commonErrors },
});

export const dashboardRedeliverRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/webhook-deliveries/{deliveryId}/redeliver",
  tags: ["Webhooks"],
  summary: "Redeliver an event",
  request: { params: idParams({ brandId: "brd", deliveryId: "whd" }) },
  responses: { 202: jsonResponse(WebhookDelivery, "The delivery, pending again."), ...commonErrors, 409: errorResponse("The delivery is already pending.") },
});

export function registerDashboardDeliveryRoutes(app: DashboardApp) {
  app.openapi(dashboardListDeliveriesRoute, async (c) => {
    const { endpointId } = c.req.valid("param");
    const { limit, cursor, status } = c.req.valid("query");
    const rows = await withAccessedBrand(c, async (tx) => {
      if (!(await findEndpoint(tx, endpointId))) throw new ApiError("not_found", `No webhook endpoint ${endpointId}.`, { param: "endpointId" });
      return listDeliveries(tx, endpointId, { limit, before: decodeCursor(cursor), status });
    });
    return c.json(toPage(rows, limit, (r) => serializeDelivery(r.delivery, r.type)), 200);
  });

  app.openapi(dashboardGetDeliveryRoute, async (c) => {
    const { deliveryId } = c.req.valid("param");
    const found = await withAccessedBrand(c, (tx) => findDelivery(tx, deliveryId));
    if (!found) throw new ApiError("not_found", `No webhook delivery ${deliveryId}.`, { param: "deliveryId" });
    return c.json(serializeDelivery(found.delivery, found.type, found.attempts), 200);
  });

  app.openapi(dashboardRedeliverRoute, async (c) => {
    const { deliveryId } = c.req.valid("param");
    const { found, brandId } = await withAccessedBrand(c, async (tx, access) => ({ found: await redeliver(tx, deliveryId, "deliveryId"), brandId: access.brandId }));
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, [deliveryId]);
    return c.json(serializeDelivery(found.delivery, found.type), 202);
  });
}
