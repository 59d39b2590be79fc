import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { bearer, type V1App } from "../../api/types";
import { withBrand } from "../../db/principal";
import { webhookEndpoints } from "../../db/schema";
import { ApiError } from "../../http/errors";
import { commonErrors, idParam, jsonBody, jsonResponse } from "../../http/schemas";
import { UpdateWebhookEndpoint, WebhookEndpoint, serializeEndpoint } from "../schemas";
import { endpointUrlProblem } from "../url";

export const updateEndpointRoute = createRoute({
  method: "patch",
  path: "/v1/webhook-endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Update a webhook endpoint",
  security: bearer,
  request: { params: idParam("whe"), body: jsonBody(UpdateWebhookEndpoint) },
  responses: { 200: jsonResponse(WebhookEndpoint, "The updated endpoint."), ...commonErrors },
});

export function registerUpdateEndpoint(app: V1App) {
  app.openapi(updateEndpointRoute, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    if (input.url !== undefined) {
      const problem = endpointUrlProblem(input.url, c.env.APP_ENV);
      if (problem) throw new ApiError("invalid_request", `Invalid \`url\`: ${problem}.`, { param: "url" });
    }
    const [row] = await withBrand(c.var.db(), c.var.brand.id, (tx) =>
      tx
        .update(webhookEndpoints)
        .set({
          ...(input.url !== undefined && { url: input.url }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.enabled_events !== undefined && { enabledEvents: input.enabled_events }),
          // Re-enabling forgets the failure streak that disabled it.
          ...(input.status === "enabled" && { status: "enabled" as const, disabledReason: null, failingSince: null }),
          ...(input.status === "disabled" && { status: "disabled" as const, disabledReason: "Disabled by the brand." }),
          updatedAt: new Date(),
        })
        .where(eq(webhookEndpoints.id, id))
        .returning(),
    );
    if (!row) throw new ApiError("not_found", `No webhook endpoint ${id}.`, { param: "id" });
    return c.json(serializeEndpoint(row), 200);
  });
}
