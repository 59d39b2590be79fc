import { withBrand } from "../../infra/db/principal";
import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { idempotentSecretWrite } from "../../infra/http/idempotency";
import { commonErrors, errorResponse, idParam, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { rotateS2sKey } from "../changes";
import { RotateS2sKey, S2sKeyWithSecret, serializeS2sKey } from "../schemas";

export const rotateS2sKeyRoute = createRoute({
  method: "post",
  path: "/v1/s2s-keys/{id}/rotate",
  tags: ["S2S keys"],
  summary: "Rotate an S2S key's secret",
  description:
    "Issues a new secret (shown once) under the same key id. The current secret keeps verifying for `grace_period_seconds` so senders can switch without dropping events; a secret still in an earlier grace period stops at once. The edge enforces the change within 30 seconds.",
  security: bearer,
  request: { params: idParam("ssk"), body: jsonBody(RotateS2sKey) },
  responses: { 200: jsonResponse(S2sKeyWithSecret, "The key, with its new secret (once)."), ...commonErrors, 409: errorResponse("The key is revoked.") },
});

export function registerRotateS2sKey(app: V1App) {
  app.openapi(rotateS2sKeyRoute, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const brandId = c.var.brand.id;
    const body = await idempotentSecretWrite(c, { brandId, transact: (fn) => withBrand(c.var.db(), brandId, fn) }, { id, ...input }, async (tx) => {
      const rotated = await rotateS2sKey(tx, c.var.config.SECRETS_ENCRYPTION_KEY, brandId, id, input.grace_period_seconds);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: c.var.brand.keyId }, action: "s2s_key.rotated", target: { type: "s2s_key", id }, metadata: { grace_period_seconds: input.grace_period_seconds }, client: clientInfo(c) });
      return { body: serializeS2sKey(rotated.row, rotated.now), secret: rotated.secret };
    });
    return c.json(body, 200);
  });
}
