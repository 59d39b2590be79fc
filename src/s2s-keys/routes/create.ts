import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { idempotentBrandWrite } from "../../http/idempotency";
import { commonErrors, jsonBody, jsonResponse } from "../../http/schemas";
import { newId } from "../../ids";
import { insertS2sKey } from "../queries";
import { CreateS2sKey, S2sKeyWithSecret, serializeS2sKey } from "../schemas";
import { newSealedSecret } from "../secrets";

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
    // The secret never goes into the idempotency record: a replay answers without it.
    let secret: string | undefined;
    const body = await idempotentBrandWrite(c, c.var.db(), brandId, input, async (tx) => {
      const id = newId("s2sKey");
      const sealed = await newSealedSecret(c.env.SECRETS_ENCRYPTION_KEY, id, brandId);
      secret = sealed.secret;
      const row = await insertS2sKey(tx, { id, brandId, name: input.name, secretCiphertext: sealed.secretCiphertext, secretHint: sealed.secretHint });
      return serializeS2sKey(row);
    });
    return c.json({ ...body, ...(secret && { secret }) }, 201);
  });
}
