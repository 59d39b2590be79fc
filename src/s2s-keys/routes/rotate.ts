import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { ApiError } from "../../http/errors";
import { idempotentBrandWrite } from "../../http/idempotency";
import { commonErrors, errorResponse, idParam, jsonBody, jsonResponse } from "../../http/schemas";
import { findS2sKey, updateS2sKey } from "../queries";
import { RotateS2sKey, S2sKeyWithSecret, serializeS2sKey } from "../schemas";
import { newSealedSecret } from "../secrets";

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
    let secret: string | undefined;
    const body = await idempotentBrandWrite(c, c.var.db(), brandId, { id, ...input }, async (tx) => {
      const current = await findS2sKey(tx, id);
      if (!current) throw new ApiError("not_found", `No S2S key ${id}.`, { param: "id" });
      if (current.revokedAt) throw new ApiError("conflict", `S2S key ${id} is revoked; create a new key instead.`, { param: "id" });
      const sealed = await newSealedSecret(c.env.SECRETS_ENCRYPTION_KEY, id, brandId);
      secret = sealed.secret;
      const now = new Date();
      const grace = input.grace_period_seconds > 0;
      const row = await updateS2sKey(tx, id, {
        secretCiphertext: sealed.secretCiphertext,
        secretHint: sealed.secretHint,
        previousSecretCiphertext: grace ? current.secretCiphertext : null,
        previousSecretExpiresAt: grace ? new Date(now.getTime() + input.grace_period_seconds * 1000) : null,
        rotatedAt: now,
      });
      return serializeS2sKey(row, now);
    });
    return c.json({ ...body, ...(secret && { secret }) }, 200);
  });
}
