import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, errorResponse, idParam, jsonResponse } from "../../infra/http/schemas";
import { redeliver } from "../endpoints";
import { enqueueAfterCommit } from "../enqueue";
import { WebhookDelivery, serializeDelivery } from "../schemas";

export const redeliverRoute = createRoute({
  method: "post",
  path: "/v1/webhook-deliveries/{id}/redeliver",
  tags: ["Webhooks"],
  summary: "Redeliver an event",
  description: "Starts a fresh retry schedule for a delivery that failed or succeeded; the event keeps its id, so receivers can deduplicate.",
  security: bearer,
  request: { params: idParam("whd") },
  responses: { 202: jsonResponse(WebhookDelivery, "The delivery, pending again."), ...commonErrors, 409: errorResponse("The delivery is already pending.") },
});

export function registerRedeliver(app: V1App) {
  app.openapi(redeliverRoute, async (c) => {
    const { id } = c.req.valid("param");
    const brandId = c.var.brand.id;
    const found = await withBrand(c.var.db(), brandId, (tx) => redeliver(tx, id));
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, [id]);
    return c.json(serializeDelivery(found.delivery, found.type), 202);
  });
}
