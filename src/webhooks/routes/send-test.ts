import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { sendTestEvent } from "../endpoints";
import { enqueueAfterCommit } from "../enqueue";
import { WebhookDelivery, serializeDelivery } from "../schemas";

export const sendTestRoute = createRoute({
  method: "post",
  path: "/v1/webhook-endpoints/{id}/test",
  tags: ["Webhooks"],
  summary: "Send a test event",
  description: "Queues a `ping` event to this endpoint; follow it in the delivery log.",
  security: bearer,
  request: { params: idParam("whe") },
  responses: { 202: jsonResponse(WebhookDelivery, "The queued delivery."), ...commonErrors },
});

export function registerSendTest(app: V1App) {
  app.openapi(sendTestRoute, async (c) => {
    const { id } = c.req.valid("param");
    const brandId = c.var.brand.id;
    const found = await withBrand(c.var.db(), brandId, (tx) => sendTestEvent(tx, brandId, id));
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, [found.delivery.id]);
    return c.json(serializeDelivery(found.delivery, found.type), 202);
  });
}
