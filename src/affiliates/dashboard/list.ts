import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { listAffiliates } from "../queries";
import { Affiliate, creatorForBrand } from "../schemas";

export const dashboardListCreatorsRoute = dashboardRoute({ brand: "affiliates.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/creators",
  tags: ["Affiliates"],
  summary: "Creators the brand works with",
  description: "`scope=enrolled` (default): creators in any of the brand's campaigns, e.g. to add them to another one; `scope=network`: the curated network.",
  request: { params: idParams({ brandId: "brd" }), query: PageQuery.extend({ scope: z.enum(["enrolled", "network"]).default("enrolled") }) },
  responses: { 200: jsonResponse(pageSchema(Affiliate), "A page of creators, newest first."), ...commonErrors },
});

export function registerDashboardListCreators(app: DashboardApp) {
  app.openapi(dashboardListCreatorsRoute, async (c) => {
    const { limit, cursor, scope } = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) => listAffiliates(tx, { scope, limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, (r) => creatorForBrand(r.affiliate, r.consented)), 200);
  });
}
