import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, errorResponse, idParams } from "../../infra/http/schemas";
import { withAccessedBrand } from "../guard";
import { lockTeam, removeMember } from "../queries";
import { assertRemoval } from "../rules";

export const leaveBrandRoute = dashboardRoute({ brand: "brand.view" }, {
  method: "post",
  path: "/api/brands/{brandId}/leave",
  tags: ["Team"],
  summary: "Leave the brand",
  description: "Any member may leave, except the last owner (who transfers ownership first).",
  request: { params: idParams({ brandId: "brd" }) },
  responses: { 204: { description: "You are no longer a member." }, ...commonErrors, 409: errorResponse("You are the last owner.") },
});

export function registerLeaveBrand(app: DashboardApp) {
  app.openapi(leaveBrandRoute, async (c) => {
    await withAccessedBrand(c, async (tx, access) => {
      const team = await lockTeam(tx, access.brandId);
      assertRemoval(access.role, access.role, team.owners, true);
      await removeMember(tx, access.brandId, access.memberId);
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "member.left",
        target: { type: "member", id: access.memberId },
        metadata: { user_id: access.userId, role: access.role },
        client: clientInfo(c),
      });
    });
    return c.body(null, 204);
  });
}
