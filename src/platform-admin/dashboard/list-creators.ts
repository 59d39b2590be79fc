import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../access";
import { searchCreators } from "../queries";
import { AdminCreator, CreatorSearchQuery, serializeAdminCreator } from "../schemas";

export const adminListCreatorsRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/creators",
  tags: ["Platform admin"],
  summary: "List creators",
  description: "Newest first; the network review queue (`network_status=pending`) oldest first, so requests are handled in order.",
  request: { query: CreatorSearchQuery },
  responses: { 200: jsonResponse(pageSchema(AdminCreator), "A page of creator profiles."), ...commonErrors },
});

export function registerAdminListCreators(app: DashboardApp) {
  app.openapi(adminListCreatorsRoute, async (c) => {
    const { limit, cursor, q, network_status } = c.req.valid("query");
    const rows = await asPlatformAdmin(c, (tx) => searchCreators(tx, { limit, lastId: decodeCursor(cursor), q, networkStatus: network_status }));
    return c.json(toPage(rows, limit, serializeAdminCreator), 200);
  });
}
