import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../guard";
import { listOpenInvitations } from "../queries";
import { Invitation, serializeInvitation } from "../schemas";

export const listInvitationsRoute = dashboardRoute({ brand: "team.manage" }, {
  method: "get",
  path: "/api/brands/{brandId}/invitations",
  tags: ["Team"],
  summary: "List open invitations",
  description: "Invitations not yet accepted or revoked (expired ones included, so they can be sent again).",
  request: { params: idParams({ brandId: "brd" }) },
  responses: { 200: jsonResponse(z.object({ data: z.array(Invitation) }), "Open invitations, newest first."), ...commonErrors },
});

export function registerListInvitations(app: DashboardApp) {
  app.openapi(listInvitationsRoute, async (c) => {
    const rows = await withAccessedBrand(c, (tx) => listOpenInvitations(tx));
    return c.json({ data: rows.map(serializeInvitation) }, 200);
  });
}
