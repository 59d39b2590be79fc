import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { setBrandStatus } from "../../brands/queries";
import { asPlatformAdmin } from "../access";
import { AdminBrand, serializeAdminBrand } from "../schemas";

const params = idParams({ brandId: "brd" });

export const suspendBrandRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/brands/{brandId}/suspend",
  tags: ["Platform admin"],
  summary: "Suspend a brand",
  description: "Its API keys stop working and its dashboard becomes read-only until reinstated.",
  request: { params },
  responses: { 200: jsonResponse(AdminBrand, "The suspended brand."), ...commonErrors },
});

export const unsuspendBrandRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/brands/{brandId}/unsuspend",
  tags: ["Platform admin"],
  summary: "Reinstate a brand",
  request: { params },
  responses: { 200: jsonResponse(AdminBrand, "The reinstated brand."), ...commonErrors },
});

export function registerSuspendBrand(app: DashboardApp) {
  for (const [route, suspend] of [
    [suspendBrandRoute, true],
    [unsuspendBrandRoute, false],
  ] as const) {
    app.openapi(route, async (c) => {
      const { brandId } = c.req.valid("param");
      const row = await asPlatformAdmin(c, async (tx, adminId) => {
        const row = await setBrandStatus(tx, brandId, suspend ? "suspended" : "active");
        if (!row) throw new ApiError("not_found", `No brand ${brandId}.`, { param: "brandId" });
        await recordAudit(tx, {
          brandId,
          actor: { type: "platform_admin", id: adminId },
          action: suspend ? "brand.suspended" : "brand.unsuspended",
          target: { type: "brand", id: brandId },
          client: clientInfo(c),
        });
        return row;
      });
      return c.json(serializeAdminBrand(row), 200);
    });
  }
}
