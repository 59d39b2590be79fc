import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { withBrand } from "../../db/principal";
import { ApiError } from "../../http/errors";
import { commonErrors, idParam, jsonResponse } from "../../http/schemas";
import { findS2sKey, updateS2sKey } from "../queries";
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
    const row = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      const current = await findS2sKey(tx, id);
      if (!current) throw new ApiError("not_found", `No S2S key ${id}.`, { param: "id" });
      if (current.revokedAt) return current;
      return updateS2sKey(tx, id, { revokedAt: new Date(), previousSecretCiphertext: null, previousSecretExpiresAt: null });
    });
    return c.json(serializeS2sKey(row), 200);
  });
}
