import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { recommendCreators } from "../recommend";
import { RecommendedList, RecommendedQuery } from "../routes/recommended";

export const dashboardRecommendedRoute = dashboardRoute({ brand: "affiliates.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/recommended-creators",
  tags: ["Recruiting"],
  summary: "Recommended creators for a campaign",
  description: "The same ranking as `GET /v1/campaigns/{id}/recommended-creators`: network creators not in the campaign yet, best match first.",
  request: { params: idParams({ brandId: "brd", campaignId: "cmp" }), query: RecommendedQuery },
  responses: { 200: jsonResponse(RecommendedList, "Ranked creators."), ...commonErrors },
});

export function registerDashboardRecommended(app: DashboardApp) {
  app.openapi(dashboardRecommendedRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    const data = await withAccessedBrand(c, (tx) => recommendCreators(tx, campaignId, limit, "campaignId"));
    return c.json({ data, has_more: false, next_cursor: null }, 200);
  });
}
