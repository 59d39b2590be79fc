import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, idParams } from "../../infra/http/schemas";
import { withAccessedBrand } from "../guard";
import { lockTeam, removeMember } from "../queries";
import { assertRemoval } from "../rules";

export const removeMemberRoute = dashboardRoute({ brand: "team.manage" }, {
  method: "delete",
  path: "/api/brands/{brandId}/members/{memberId}",
  tags: ["Team"],
  summary: "Remove a member",
  description: "Admins remove members below owner; owners may remove other owners; the last owner stays.",
  request: { params: idParams({ brandId: "brd", memberId: "mem" }) },
  responses: { 204: { description: "Removed." }, ...commonErrors, 403: errorResponse("Your role cannot remove this member."), 409: errorResponse("The last owner.") },
});

export function registerRemoveMember(app: DashboardApp) {
  app.openapi(removeMemberRoute, async (c) => {
    const { memberId } = c.req.valid("param");
    await withAccessedBrand(c, async (tx, access) => {
      const team = await lockTeam(tx, access.brandId);
      const target = team.rows.find((m) => m.id === memberId);
      if (!target) throw new ApiError("not_found", `No member ${memberId}.`, { param: "memberId" });
      const self = target.userId === access.userId;
      assertRemoval(access.role, target.role, team.owners, self);
      await removeMember(tx, access.brandId, memberId);
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: self ? "member.left" : "member.removed",
        target: { type: "member", id: memberId },
        metadata: { user_id: target.userId, role: target.role },
        client: clientInfo(c),
      });
    });
    return c.body(null, 204);
  });
}
