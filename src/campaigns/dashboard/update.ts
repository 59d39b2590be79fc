import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { changeCampaign } from "../changes";
import { Campaign, UpdateCampaign, serializeCampaign } from "../schemas";

export const dashboardUpdateCampaignRoute = dashboardRoute({ brand: "campaigns.manage" }, {
  method: "patch",
  path: "/api/brands/{brandId}/campaigns/{campaignId}",
  tags: ["Campaigns"],
  summary: "Change a campaign's settings",
  request: { params: idParams({ brandId: "brd", campaignId: "cmp" }), body: jsonBody(UpdateCampaign) },
  responses: { 200: jsonResponse(Campaign, "The updated campaign."), ...commonErrors },
});

export function registerDashboardUpdateCampaign(app: DashboardApp) {
  app.openapi(dashboardUpdateCampaignRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const input = c.req.valid("json");
    const row = await withAccessedBrand(c, async (tx, access) => {
      const row = await changeCampaign(tx, campaignId, input, "campaignId");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "campaign.updated",
        target: { type: "campaign", id: campaignId },
        metadata: { fields: Object.keys(input) },
        client: clientInfo(c),
      });
      return row;
    });
    return c.json(serializeCampaign(row), 200);
  });
}
