import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { bearer, type V1App } from "../../api/types";
import { withBrand } from "../../db/principal";
import { webhookEndpoints } from "../../db/schema";
import { ApiError } from "../../http/errors";
import { commonErrors, idParam, jsonResponse } from "../../http/schemas";
import { sealSecret } from "../../secrets/box";
import { ROTATION_GRACE_MS } from "../catalog";
import { secretContext } from "../deliver";
import { findEndpoint } from "../queries";
import { WebhookEndpointWithSecret, serializeEndpoint } from "../schemas";
import { generateWebhookSecret } from "../signature";

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
    const secret = generateWebhookSecret();
    const sealed = await sealSecret(c.env.SECRETS_ENCRYPTION_KEY, secret, secretContext(id));
    const row = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      const current = await findEndpoint(tx, id);
      if (!current) throw new ApiError("not_found", `No webhook endpoint ${id}.`, { param: "id" });
      const [updated] = await tx
        .update(webhookEndpoints)
        .set({ secretSealed: sealed, previousSecretSealed: current.secretSealed, previousSecretExpiresAt: new Date(Date.now() + ROTATION_GRACE_MS), updatedAt: new Date() })
        .where(eq(webhookEndpoints.id, id))
        .returning();
      return updated!;
    });
    return c.json({ ...serializeEndpoint(row), secret }, 200);
  });
}
