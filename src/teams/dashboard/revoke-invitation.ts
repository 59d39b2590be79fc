import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../guard";
import { revokeInvitation } from "../queries";
import { Invitation, serializeInvitation } from "../schemas";

export const revokeInvitationRoute = dashboardRoute({ brand: "team.manage" }, {
  method: "delete",
  path: "/api/brands/{brandId}/invitations/{invitationId}",
  tags: ["Team"],
  summary: "Revoke an invitation",
  request: { params: idParams({ brandId: "brd", invitationId: "inv" }) },
  responses: { 200: jsonResponse(Invitation, "The revoked invitation."), ...commonErrors },
});

export function registerRevokeInvitation(app: DashboardApp) {
  app.openapi(revokeInvitationRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const row = await withAccessedBrand(c, async (tx, access) => {
      const row = await revokeInvitation(tx, invitationId);
      if (!row) throw new ApiError("not_found", `No open invitation ${invitationId}.`, { param: "invitationId" });
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "invitation.revoked",
        target: { type: "invitation", id: row.id },
        metadata: { email: row.email, role: row.role },
        client: clientInfo(c),
      });
      return row;
    });
    return c.json(serializeInvitation(row), 200);
  });
}
