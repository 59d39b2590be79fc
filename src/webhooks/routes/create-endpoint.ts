import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { ApiError } from "../../http/errors";
import { idempotentBrandWrite } from "../../http/idempotency";
import { commonErrors, jsonBody, jsonResponse } from "../../http/schemas";
import { newId } from "../../ids";
import { webhookEndpoints } from "../../db/schema";
import { sealSecret } from "../../secrets/box";
import { secretContext } from "../deliver";
import { CreateWebhookEndpoint, WebhookEndpointWithSecret, serializeEndpoint } from "../schemas";
import { generateWebhookSecret } from "../signature";
import { endpointUrlProblem } from "../url";

export const createEndpointRoute = createRoute({
  method: "post",
  path: "/v1/webhook-endpoints",
  tags: ["Webhooks"],
  summary: "Create a webhook endpoint",
  description: "Events are POSTed as JSON signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The signing secret is in this response only.",
  security: bearer,
  request: { body: jsonBody(CreateWebhookEndpoint) },
  responses: { 201: jsonResponse(WebhookEndpointWithSecret, "The endpoint and its secret."), ...commonErrors },
});

export function registerCreateEndpoint(app: V1App) {
  app.openapi(createEndpointRoute, async (c) => {
    const input = c.req.valid("json");
    const problem = endpointUrlProblem(input.url, c.env.APP_ENV);
    if (problem) throw new ApiError("invalid_request", `Invalid \`url\`: ${problem}.`, { param: "url" });
    const brandId = c.var.brand.id;
    const secret = generateWebhookSecret();
    const id = newId("webhookEndpoint");
    const sealed = await sealSecret(c.env.SECRETS_ENCRYPTION_KEY, secret, secretContext(id));
    const body = await idempotentBrandWrite(c, c.var.db(), brandId, input, async (tx) => {
      const [row] = await tx
        .insert(webhookEndpoints)
        .values({ id, brandId, url: input.url, description: input.description ?? null, enabledEvents: input.enabled_events, secretSealed: sealed })
        .returning();
      return { ...serializeEndpoint(row!), secret };
    });
    return c.json(body, 201);
  });
}
