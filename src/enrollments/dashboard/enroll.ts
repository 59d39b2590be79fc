import { dashboardRoute } from "../../api/dashboard-route";
import type { DashboardApp } from "../../api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { enrollExistingAffiliate } from "../lifecycle";
import { EnrollAffiliate, Enrollment } from "../schemas";

export const dashboardEnrollRoute = dashboardRoute({ brand: "affiliates.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/enrollments",
  tags: ["Recruiting"],
  summary: "Add a creator you already work with to a campaign",
  description: "The same rules and events as `POST /v1/campaigns/{id}/enrollments`.",
  request: { params: idParams({ brandId: "brd", campaignId: "cmp" }), body: jsonBody(EnrollAffiliate) },
  responses: { 201: jsonResponse(Enrollment, "The enrollment."), ...commonErrors, 409: errorResponse("The creator is already in this campaign.") },
});

export function registerDashboardEnroll(app: DashboardApp) {
  app.openapi(dashboardEnrollRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const input = c.req.valid("json");
    const { enrollment, deliveries, brandId } = await withAccessedBrand(c, async (tx, access) => {
      const enrolled = await enrollExistingAffiliate(tx, access.brandId, campaignId, input, "campaignId");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "enrollment.created",
        target: { type: "enrollment", id: enrolled.enrollment.id },
        metadata: { campaign_id: campaignId, affiliate_id: input.affiliate_id, status: input.status },
        client: clientInfo(c),
      });
      return { ...enrolled, brandId: access.brandId };
    });
    enqueueAfterCommit(c.executionCtx, c.env.WEBHOOKS, brandId, deliveries);
    return c.json(enrollment, 201);
  });
}
