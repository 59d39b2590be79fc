import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { createCampaign } from "../changes";
import { Campaign, CreateCampaign, serializeCampaign } from "../schemas";

export const dashboardCreateCampaignRoute = dashboardRoute({ brand: "campaigns.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/campaigns",
  tags: ["Campaigns"],
  summary: "Create a campaign",
  request: { params: idParams({ brandId: "brd" }), body: jsonBody(CreateCampaign) },
  responses: { 201: jsonResponse(Campaign, "The new campaign."), ...commonErrors },
});

export function registerDashboardCreateCampaign(app: DashboardApp) {
  app.openapi(dashboardCreateCampaignRoute, async (c) => {
    const input = c.req.valid("json");
    const row = await withAccessedBrand(c, async (tx, access) => {
      const row = await createCampaign(tx, access.brandId, input);
      await recordAudit(tx, { brandId: access.brandId, actor: userActor(access.userId), action: "campaign.created", target: { type: "campaign", id: row.id }, client: clientInfo(c) });
      return row;
    });
    return c.json(serializeCampaign(row), 201);
  });
}
