import { and, desc, lt, sql } from "drizzle-orm";
import { dashboardRoute } from "../../api/dashboard-route";
import type { DashboardApp } from "../../api/dashboard-types";
import { affiliates } from "../../db/schema";
import { decodeCursor, pageSchema, toPage } from "../../http/pagination";
import { commonErrors, jsonResponse } from "../../http/schemas";
import { asPlatformAdmin } from "../access";
import { AdminCreator, SearchQuery, prefixPattern, serializeAdminCreator } from "../schemas";

export const adminListCreatorsRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/creators",
  tags: ["Platform admin"],
  summary: "List creators",
  request: { query: SearchQuery },
  responses: { 200: jsonResponse(pageSchema(AdminCreator), "A page of creator profiles, newest first."), ...commonErrors },
});

export function registerAdminListCreators(app: DashboardApp) {
  app.openapi(adminListCreatorsRoute, async (c) => {
    const { limit, cursor, q } = c.req.valid("query");
    const before = decodeCursor(cursor);
    const rows = await asPlatformAdmin(c, (tx) =>
      tx
        .select()
        .from(affiliates)
        .where(and(before ? lt(affiliates.id, before) : undefined, q ? sql`lower(${affiliates.email}) like ${prefixPattern(q)}` : undefined))
        .orderBy(desc(affiliates.id))
        .limit(limit + 1),
    );
    return c.json(toPage(rows, limit, serializeAdminCreator), 200);
  });
}
