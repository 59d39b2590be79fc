import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { rotateEndpointSecret } from "../endpoints";
import { WebhookEndpointWithSecret, serializeEndpoint } from "../schemas";

export const rotateSecretRoute = createRoute({
  method: "post",
  path: "/v1/webhook-endpoints/{id}/rotate-secret",
  tags: ["Webhooks"],
  summary: "Rotate an endpoint's signing secret",
  description: "Returns the new secret once. For 24 hours deliveries carry signatures from both secrets, so receivers can switch without dropping events.",
  security: bearer,
  request: { params: idParam("whe") },
  responses: { 200: jsonResponse(WebhookEndpointWithSecret, "The endpoint and its new secret."), ...commonErrors },
});

export function registerRotateSecret(app: V1App) {
  app.openapi(rotateSecretRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { id: brandId, keyId } = c.var.brand;
    const { row, secret } = await withBrand(c.var.db(), brandId, async (tx) => {
      const rotated = await rotateEndpointSecret(tx, c.var.config.SECRETS_ENCRYPTION_KEY, id);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: keyId }, action: "webhook_endpoint.secret_rotated", target: { type: "webhook_endpoint", id }, client: clientInfo(c) });
      return rotated;
    });
    return c.json({ ...serializeEndpoint(row), secret }, 200);
  });
}
