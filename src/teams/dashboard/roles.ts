import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { BRAND_ROLES } from "../../infra/db/schema";
import { jsonResponse } from "../../infra/http/schemas";
import { PERMISSIONS, type Permission } from "../permissions";

const RoleMatrix = z
  .object({
    roles: z.array(z.enum(BRAND_ROLES)),
    permissions: z.array(z.object({ name: z.string(), description: z.string(), min_role: z.enum(BRAND_ROLES) })),
  })
  .openapi("RoleMatrix");

export const rolesRoute = dashboardRoute("public", {
  method: "get",
  path: "/api/roles",
  tags: ["Team"],
  summary: "The permission matrix",
  description: "Roles from most to least powerful, and the least role each permission needs (the table the guard uses).",
  responses: { 200: jsonResponse(RoleMatrix, "The matrix.") },
});

export function registerRoles(app: DashboardApp) {
  app.openapi(rolesRoute, (c) =>
    c.json(
      {
        roles: [...BRAND_ROLES],
        permissions: (Object.keys(PERMISSIONS) as Permission[]).map((name) => ({ name, description: PERMISSIONS[name].description, min_role: PERMISSIONS[name].minRole })),
      },
      200,
    ),
  );
}
