import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { listS2sKeys } from "../queries";
import { S2sKey, serializeS2sKey } from "../schemas";

export const dashboardListS2sKeysRoute = dashboardRoute({ brand: "developers.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/s2s-keys",
  tags: ["S2S keys"],
  summary: "List S2S signing keys",
  description: "Newest first, revoked ones included. Secrets are never listed.",
  request: { params: idParams({ brandId: "brd" }), query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(S2sKey), "A page of keys."), ...commonErrors },
});

export function registerDashboardListS2sKeys(app: DashboardApp) {
  app.openapi(dashboardListS2sKeysRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) => listS2sKeys(tx, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, (r) => serializeS2sKey(r)), 200);
  });
}
