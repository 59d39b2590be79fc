import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { findEndpoint } from "../queries";
import { WebhookEndpoint, serializeEndpoint } from "../schemas";

export const getEndpointRoute = createRoute({
  method: "get",
  path: "/v1/webhook-endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Retrieve a webhook endpoint",
  security: bearer,
  request: { params: idParam("whe") },
  responses: { 200: jsonResponse(WebhookEndpoint, "The endpoint."), ...commonErrors },
});

export function registerGetEndpoint(app: V1App) {
  app.openapi(getEndpointRoute, async (c) => {
    const { id } = c.req.valid("param");
    const row = await withBrand(c.var.db(), c.var.brand.id, (tx) => findEndpoint(tx, id));
    if (!row) throw new ApiError("not_found", `No webhook endpoint ${id}.`, { param: "id" });
    return c.json(serializeEndpoint(row), 200);
  });
}
