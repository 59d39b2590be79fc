import { withBrand } from "../../infra/db/principal";
import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { idempotentSecretWrite } from "../../infra/http/idempotency";
import { commonErrors, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { createEndpoint } from "../endpoints";
import { CreateWebhookEndpoint, WebhookEndpointWithSecret, serializeEndpoint } from "../schemas";

export const createEndpointRoute = createRoute({
  method: "post",
  path: "/v1/webhook-endpoints",
  tags: ["Webhooks"],
  summary: "Create a webhook endpoint",
  description: "Events are POSTed as JSON signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The signing secret is in this response only: it is never stored with the `Idempotency-Key` record, so a replay answers `secret: null` (rotate the secret to get a new one).",
  security: bearer,
  request: { body: jsonBody(CreateWebhookEndpoint) },
  responses: { 201: jsonResponse(WebhookEndpointWithSecret, "The endpoint and its secret."), ...commonErrors },
});

export function registerCreateEndpoint(app: V1App) {
  app.openapi(createEndpointRoute, async (c) => {
    const input = c.req.valid("json");
    const brandId = c.var.brand.id;
    const body = await idempotentSecretWrite(c, { brandId, transact: (fn) => withBrand(c.var.db(), brandId, fn) }, input, async (tx) => {
      const { row, secret } = await createEndpoint(tx, c.var.config.SECRETS_ENCRYPTION_KEY, c.var.config.APP_ENV, brandId, input);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: c.var.brand.keyId }, action: "webhook_endpoint.created", target: { type: "webhook_endpoint", id: row.id }, client: clientInfo(c) });
      return { body: serializeEndpoint(row), secret };
    });
    return c.json(body, 201);
  });
}
