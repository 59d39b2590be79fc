import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { listConversions } from "../queries";
import { Conversion, ListConversionsQuery, conversionFilters, serializeConversion } from "../schemas";

export const listConversionsRoute = createRoute({
  method: "get",
  path: "/v1/conversions",
  tags: ["Conversions"],
  summary: "List conversions",
  description:
    "Leads, sales and refunds recorded from accepted events, newest first, each with its attribution and the trail that explains it. Filter by type, affiliate, campaign and creation time.",
  security: bearer,
  request: { query: PageQuery.extend(ListConversionsQuery.shape) },
  responses: { 200: jsonResponse(pageSchema(Conversion), "A page of conversions."), ...commonErrors },
});

export function registerListConversions(app: V1App) {
  app.openapi(listConversionsRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) => listConversions(tx, conversionFilters(q), { limit: q.limit, before: decodeCursor(q.cursor) }));
    return c.json(toPage(rows, q.limit, serializeConversion), 200);
  });
}
