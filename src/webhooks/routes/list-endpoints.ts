import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { listEndpoints } from "../queries";
import { WebhookEndpoint, serializeEndpoint } from "../schemas";

export const listEndpointsRoute = createRoute({
  method: "get",
  path: "/v1/webhook-endpoints",
  tags: ["Webhooks"],
  summary: "List webhook endpoints",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(WebhookEndpoint), "A page of endpoints."), ...commonErrors },
});

export function registerListEndpoints(app: V1App) {
  app.openapi(listEndpointsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) => listEndpoints(tx, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, serializeEndpoint), 200);
  });
}
