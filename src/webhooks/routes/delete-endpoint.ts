import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { webhookEndpoints } from "../../infra/db/schema";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";

export const deleteEndpointRoute = createRoute({
  method: "delete",
  path: "/v1/webhook-endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Delete a webhook endpoint",
  description: "Stops deliveries to it and removes its delivery log.",
  security: bearer,
  request: { params: idParam("whe") },
  responses: { 200: jsonResponse(z.object({ id: z.string(), object: z.literal("webhook_endpoint"), deleted: z.literal(true) }), "Deleted."), ...commonErrors },
});

export function registerDeleteEndpoint(app: V1App) {
  app.openapi(deleteEndpointRoute, async (c) => {
    const { id } = c.req.valid("param");
    const deleted = await withBrand(c.var.db(), c.var.brand.id, (tx) => tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id }));
    if (deleted.length === 0) throw new ApiError("not_found", `No webhook endpoint ${id}.`, { param: "id" });
    return c.json({ id, object: "webhook_endpoint" as const, deleted: true as const }, 200);
  });
}
