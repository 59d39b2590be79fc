import { withBrand } from "../../infra/db/principal";
import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { idempotentSecretWrite } from "../../infra/http/idempotency";
import { commonErrors, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { createS2sKey } from "../changes";
import { CreateS2sKey, S2sKeyWithSecret, serializeS2sKey } from "../schemas";

export const createS2sKeyRoute = createRoute({
  method: "post",
  path: "/v1/s2s-keys",
  tags: ["S2S keys"],
  summary: "Create an S2S signing key",
  description:
    "A Standard Webhooks secret (`whsec_…`) for signing `POST /v1/track/*` on the edge; send the key's id as `rekomi-key-id`. The secret is in this response only: Rekomi stores it encrypted and never shows it again.",
  security: bearer,
  request: { body: jsonBody(CreateS2sKey) },
  responses: { 201: jsonResponse(S2sKeyWithSecret, "The key, with its secret (once)."), ...commonErrors },
});

export function registerCreateS2sKey(app: V1App) {
  app.openapi(createS2sKeyRoute, async (c) => {
    const input = c.req.valid("json");
    const brandId = c.var.brand.id;
    const body = await idempotentSecretWrite(c, { brandId, transact: (fn) => withBrand(c.var.db(), brandId, fn) }, input, async (tx) => {
      const created = await createS2sKey(tx, c.var.config.SECRETS_ENCRYPTION_KEY, brandId, input);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: c.var.brand.keyId }, action: "s2s_key.created", target: { type: "s2s_key", id: created.row.id }, client: clientInfo(c) });
      return { body: serializeS2sKey(created.row), secret: created.secret };
    });
    return c.json(body, 201);
  });
}
