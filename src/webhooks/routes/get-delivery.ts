import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { findDelivery } from "../queries";
import { WebhookDelivery, serializeDelivery } from "../schemas";

export const getDeliveryRoute = createRoute({
  method: "get",
  path: "/v1/webhook-deliveries/{id}",
  tags: ["Webhooks"],
  summary: "Retrieve a delivery with its attempt log",
  security: bearer,
  request: { params: idParam("whd") },
  responses: { 200: jsonResponse(WebhookDelivery, "The delivery and every attempt."), ...commonErrors },
});

export function registerGetDelivery(app: V1App) {
  app.openapi(getDeliveryRoute, async (c) => {
    const { id } = c.req.valid("param");
    const found = await withBrand(c.var.db(), c.var.brand.id, (tx) => findDelivery(tx, id));
    if (!found) throw new ApiError("not_found", `No webhook delivery ${id}.`, { param: "id" });
    return c.json(serializeDelivery(found.delivery, found.type, found.attempts), 200);
  });
}
