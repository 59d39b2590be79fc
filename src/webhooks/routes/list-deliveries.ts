import { createRoute, z } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { findEndpoint, listDeliveries } from "../queries";
import { WebhookDelivery, serializeDelivery } from "../schemas";

export const listDeliveriesRoute = createRoute({
  method: "get",
  path: "/v1/webhook-endpoints/{id}/deliveries",
  tags: ["Webhooks"],
  summary: "An endpoint's delivery log",
  description: "Newest first; filter by `status` to find failures to redeliver.",
  security: bearer,
  request: { params: idParam("whe"), query: PageQuery.extend({ status: z.enum(["pending", "succeeded", "failed"]).optional() }) },
  responses: { 200: jsonResponse(pageSchema(WebhookDelivery), "A page of deliveries."), ...commonErrors },
});

export function registerListDeliveries(app: V1App) {
  app.openapi(listDeliveriesRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor, status } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      if (!(await findEndpoint(tx, id))) throw new ApiError("not_found", `No webhook endpoint ${id}.`, { param: "id" });
      return listDeliveries(tx, id, { limit, before: decodeCursor(cursor), status });
    });
    return c.json(toPage(rows, limit, (r) => serializeDelivery(r.delivery, r.type)), 200);
  });
}
