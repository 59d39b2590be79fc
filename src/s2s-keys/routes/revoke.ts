import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { revokeS2sKey } from "../changes";
import { S2sKey, serializeS2sKey } from "../schemas";

export const revokeS2sKeyRoute = createRoute({
  method: "delete",
  path: "/v1/s2s-keys/{id}",
  tags: ["S2S keys"],
  summary: "Revoke an S2S key",
  description: "Events signed with any of its secrets are refused, by every edge location within 30 seconds. Revoking twice is harmless.",
  security: bearer,
  request: { params: idParam("ssk") },
  responses: { 200: jsonResponse(S2sKey, "The revoked key."), ...commonErrors },
});

export function registerRevokeS2sKey(app: V1App) {
  app.openapi(revokeS2sKeyRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { id: brandId, keyId } = c.var.brand;
    const { row } = await withBrand(c.var.db(), brandId, async (tx) => {
      const revoked = await revokeS2sKey(tx, id);
      if (revoked.changed) await recordAudit(tx, { brandId, actor: { type: "api_key", id: keyId }, action: "s2s_key.revoked", target: { type: "s2s_key", id }, client: clientInfo(c) });
      return revoked;
    });
    return c.json(serializeS2sKey(row), 200);
  });
}
