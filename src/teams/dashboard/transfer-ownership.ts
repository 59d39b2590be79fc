import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../guard";
import { listMembers, lockTeam, setRole } from "../queries";
import { MemberList, TransferOwnership, serializeMember } from "../schemas";

export const transferOwnershipRoute = dashboardRoute({ brand: "ownership.transfer" }, {
  method: "post",
  path: "/api/brands/{brandId}/ownership-transfer",
  tags: ["Team"],
  summary: "Transfer ownership",
  description: "The member named becomes an owner and you become an admin.",
  request: { params: idParams({ brandId: "brd" }), body: jsonBody(TransferOwnership) },
  responses: { 200: jsonResponse(MemberList, "The team after the transfer."), ...commonErrors },
});

export function registerTransferOwnership(app: DashboardApp) {
  app.openapi(transferOwnershipRoute, async (c) => {
    const { member_id: memberId } = c.req.valid("json");
    const rows = await withAccessedBrand(c, async (tx, access) => {
      const team = await lockTeam(tx, access.brandId);
      const target = team.rows.find((m) => m.id === memberId);
      if (!target) throw new ApiError("not_found", `No member ${memberId}.`, { param: "member_id" });
      if (target.id === access.memberId) throw new ApiError("invalid_request", "You already own this brand: name another member.", { param: "member_id" });
      await setRole(tx, target.id, "owner");
      await setRole(tx, access.memberId, "admin");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "brand.ownership_transferred",
        target: { type: "member", id: target.id },
        metadata: { from_user_id: access.userId, to_user_id: target.userId, previous_role: target.role },
        client: clientInfo(c),
      });
      return listMembers(tx);
    });
    return c.json({ data: rows.map(serializeMember) }, 200);
  });
}
