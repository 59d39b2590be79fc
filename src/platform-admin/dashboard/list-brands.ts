import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../access";
import { searchBrands } from "../queries";
import { AdminBrand, SearchQuery, serializeAdminBrand } from "../schemas";

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
    const rows = await asPlatformAdmin(c, (tx) => searchBrands(tx, { limit, lastId: decodeCursor(cursor), q }));
    return c.json(toPage(rows, limit, serializeAdminBrand), 200);
  });
}
