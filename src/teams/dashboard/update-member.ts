import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../guard";
import { listMembers, lockTeam, setRole } from "../queries";
import { assertRoleChange } from "../rules";
import { Member, UpdateMember, serializeMember } from "../schemas";

export const updateMemberRoute = dashboardRoute({ brand: "team.manage" }, {
  method: "patch",
  path: "/api/brands/{brandId}/members/{memberId}",
  tags: ["Team"],
  summary: "Change a member's role",
  description: "Admins change roles below owner; only owners grant or take away the owner role; the last owner cannot step down.",
  request: { params: idParams({ brandId: "brd", memberId: "mem" }), body: jsonBody(UpdateMember) },
  responses: { 200: jsonResponse(Member, "The member with the new role."), ...commonErrors, 403: errorResponse("Your role cannot make this change."), 409: errorResponse("It would leave the brand without an owner.") },
});

export function registerUpdateMember(app: DashboardApp) {
  app.openapi(updateMemberRoute, async (c) => {
    const { memberId } = c.req.valid("param");
    const { role } = c.req.valid("json");
    const member = await withAccessedBrand(c, async (tx, access) => {
      const team = await lockTeam(tx, access.brandId);
      const target = team.rows.find((m) => m.id === memberId);
      if (!target) throw new ApiError("not_found", `No member ${memberId}.`, { param: "memberId" });
      if (target.role !== role) {
        assertRoleChange(access.role, target.role, role, team.owners);
        await setRole(tx, memberId, role);
        await recordAudit(tx, {
          brandId: access.brandId,
          actor: userActor(access.userId),
          action: "member.role_changed",
          target: { type: "member", id: memberId },
          metadata: { user_id: target.userId, from: target.role, to: role },
          client: clientInfo(c),
        });
      }
      return (await listMembers(tx)).find((m) => m.id === memberId)!;
    });
    return c.json(serializeMember(member), 200);
  });
}
