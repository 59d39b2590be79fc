import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { findCampaign } from "../queries";
import { Campaign, serializeCampaign } from "../schemas";

export const dashboardGetCampaignRoute = dashboardRoute({ brand: "campaigns.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/campaigns/{campaignId}",
  tags: ["Campaigns"],
  summary: "Retrieve a campaign",
  request: { params: idParams({ brandId: "brd", campaignId: "cmp" }) },
  responses: { 200: jsonResponse(Campaign, "The campaign."), ...commonErrors },
});

export function registerDashboardGetCampaign(app: DashboardApp) {
  app.openapi(dashboardGetCampaignRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const row = await withAccessedBrand(c, (tx) => findCampaign(tx, campaignId));
    if (!row) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
    return c.json(serializeCampaign(row), 200);
  });
}
