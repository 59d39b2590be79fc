import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { filtersOf } from "../filters";
import { listCommissions } from "../queries";
import { CommissionRecord, ListCommissionsQuery, serializeCommission } from "../schemas";

export const listCommissionsRoute = createRoute({
  method: "get",
  path: "/v1/commissions",
  tags: ["Commissions"],
  summary: "List commissions",
  description:
    "Earnings, reversals and clawbacks, newest first, each with the explanation of its amount. Filter by status, kind, affiliate, campaign, " +
    "the review queue (`held_for_review=true`) and creation time.",
  security: bearer,
  request: { query: PageQuery.extend(ListCommissionsQuery.shape) },
  responses: { 200: jsonResponse(pageSchema(CommissionRecord), "A page of commissions."), ...commonErrors },
});

export function registerListCommissions(app: V1App) {
  app.openapi(listCommissionsRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) => listCommissions(tx, filtersOf(q), { limit: q.limit, before: decodeCursor(q.cursor) }));
    return c.json(toPage(rows, q.limit, serializeCommission), 200);
  });
}
