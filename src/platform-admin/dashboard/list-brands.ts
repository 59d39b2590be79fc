import { and, desc, lt, sql } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { brands } from "../../infra/db/schema";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../access";
import { AdminBrand, SearchQuery, prefixPattern, serializeAdminBrand } from "../schemas";

export const adminListBrandsRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/brands",
  tags: ["Platform admin"],
  summary: "List brands",
  request: { query: SearchQuery },
  responses: { 200: jsonResponse(pageSchema(AdminBrand), "A page of brands, newest first."), ...commonErrors },
});

export function registerAdminListBrands(app: DashboardApp) {
  app.openapi(adminListBrandsRoute, async (c) => {
    const { limit, cursor, q } = c.req.valid("query");
    const before = decodeCursor(cursor);
    const rows = await asPlatformAdmin(c, (tx) =>
      tx
        .select()
        .from(brands)
        .where(and(before ? lt(brands.id, before) : undefined, q ? sql`lower(${brands.name}) like ${prefixPattern(q)}` : undefined))
        .orderBy(desc(brands.id))
        .limit(limit + 1),
    );
    return c.json(toPage(rows, limit, serializeAdminBrand), 200);
  });
}
