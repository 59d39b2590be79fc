import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { listCampaigns } from "../queries";
import { Campaign, serializeCampaign } from "../schemas";

export const dashboardListCampaignsRoute = dashboardRoute({ brand: "campaigns.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/campaigns",
  tags: ["Campaigns"],
  summary: "List campaigns",
  request: { params: idParams({ brandId: "brd" }), query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(Campaign), "A page of campaigns, newest first."), ...commonErrors },
});

export function registerDashboardListCampaigns(app: DashboardApp) {
  app.openapi(dashboardListCampaignsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) => listCampaigns(tx, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, serializeCampaign), 200);
  });
}
