import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { deliverAfterResponse } from "../../email/deliver";
import { offerEnrollment } from "../lifecycle";
import { EnrollAffiliate, Enrollment } from "../schemas";

export const dashboardEnrollRoute = dashboardRoute({ brand: "affiliates.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/enrollments",
  tags: ["Recruiting"],
  summary: "Offer a creator a place in a campaign",
  description: "The same rules as `POST /v1/campaigns/{id}/enrollments`: an `invited` enrollment the creator accepts or declines; withdraw it with `PATCH …/enrollments/{enrollmentId}` `{ \"status\": \"withdrawn\" }`.",
  request: { params: idParams({ brandId: "brd", campaignId: "cmp" }), body: jsonBody(EnrollAffiliate) },
  responses: { 201: jsonResponse(Enrollment, "The offer (`invited`)."), ...commonErrors, 409: errorResponse("The creator is already in this campaign, or was offered a place in it.") },
});

export function registerDashboardEnroll(app: DashboardApp) {
  app.openapi(dashboardEnrollRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const input = c.req.valid("json");
    const { enrollment, mailId } = await withAccessedBrand(c, async (tx, access) => {
      const offered = await offerEnrollment(c, tx, access.brandId, campaignId, input.affiliate_id, "campaignId");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "enrollment.offered",
        target: { type: "enrollment", id: offered.enrollment.id },
        metadata: { campaign_id: campaignId, affiliate_id: input.affiliate_id },
        client: clientInfo(c),
      });
      return offered;
    });
    deliverAfterResponse(c, [mailId]);
    return c.json(enrollment, 201);
  });
}
