import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../guard";
import { listMembers } from "../queries";
import { MemberList, serializeMember } from "../schemas";

export const listMembersRoute = dashboardRoute({ brand: "team.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/members",
  tags: ["Team"],
  summary: "List the team",
  request: { params: idParams({ brandId: "brd" }) },
  responses: { 200: jsonResponse(MemberList, "Every member with their role."), ...commonErrors },
});

export function registerListMembers(app: DashboardApp) {
  app.openapi(listMembersRoute, async (c) => {
    const rows = await withAccessedBrand(c, (tx) => listMembers(tx));
    return c.json({ data: rows.map(serializeMember) }, 200);
  });
}
