import { and, desc, lt, sql } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { users } from "../../infra/db/schema";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../access";
import { AdminUser, SearchQuery, prefixPattern, serializeAdminUser } from "../schemas";

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
    const before = decodeCursor(cursor);
    const rows = await asPlatformAdmin(c, (tx) =>
      tx
        .select()
        .from(users)
        .where(and(before ? lt(users.id, before) : undefined, q ? sql`lower(${users.email}) like ${prefixPattern(q)}` : undefined))
        .orderBy(desc(users.id))
        .limit(limit + 1),
    );
    return c.json(toPage(rows, limit, serializeAdminUser), 200);
  });
}
