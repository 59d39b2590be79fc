import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../access";
import { searchUsers } from "../queries";
import { AdminUser, SearchQuery, serializeAdminUser } from "../schemas";

export const adminListUsersRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/users",
  tags: ["Platform admin"],
  summary: "List accounts",
  request: { query: SearchQuery },
  responses: { 200: jsonResponse(pageSchema(AdminUser), "A page of accounts, newest first."), ...commonErrors },
});

export function registerAdminListUsers(app: DashboardApp) {
  app.openapi(adminListUsersRoute, async (c) => {
    const { limit, cursor, q } = c.req.valid("query");
    const rows = await asPlatformAdmin(c, (tx) => searchUsers(tx, { limit, lastId: decodeCursor(cursor), q }));
    return c.json(toPage(rows, limit, serializeAdminUser), 200);
  });
}
