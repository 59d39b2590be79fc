import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, idParam, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { changeEndpoint } from "../endpoints";
import { UpdateWebhookEndpoint, WebhookEndpoint, serializeEndpoint } from "../schemas";

export const updateEndpointRoute = createRoute({
  method: "patch",
  path: "/v1/webhook-endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Update a webhook endpoint",
  security: bearer,
  request: { params: idParam("whe"), body: jsonBody(UpdateWebhookEndpoint) },
  responses: { 200: jsonResponse(WebhookEndpoint, "The updated endpoint."), ...commonErrors },
});

export function registerUpdateEndpoint(app: V1App) {
  app.openapi(updateEndpointRoute, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { id: brandId, keyId } = c.var.brand;
    const row = await withBrand(c.var.db(), brandId, async (tx) => {
      const row = await changeEndpoint(tx, id, input, c.var.config.APP_ENV);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: keyId }, action: "webhook_endpoint.updated", target: { type: "webhook_endpoint", id }, metadata: { fields: Object.keys(input) }, client: clientInfo(c) });
      return row;
    });
    return c.json(serializeEndpoint(row), 200);
  });
}
