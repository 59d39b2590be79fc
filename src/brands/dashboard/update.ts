import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { brandAccessOf, withAccessedBrand } from "../../teams/guard";
import { changeBrandSettings } from "../queries";
import { Brand, UpdateBrand, serializeBrand } from "../schemas";

const params = idParams({ brandId: "brd" });

export const updateBrandRoute = dashboardRoute({ brand: "brand.manage" }, {
  method: "patch",
  path: "/api/brands/{brandId}",
  tags: ["Brands"],
  summary: "Change brand settings",
  request: { params, body: jsonBody(UpdateBrand) },
  responses: { 200: jsonResponse(Brand, "The updated brand."), ...commonErrors },
});

export function registerUpdateBrand(app: DashboardApp) {
  app.openapi(updateBrandRoute, async (c) => {
    const access = brandAccessOf(c);
    const input = c.req.valid("json");
    const row = await withAccessedBrand(c, async (tx) => {
      const updated = await changeBrandSettings(tx, access.brandId, input);
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "brand.updated",
        target: { type: "brand", id: access.brandId },
        metadata: { fields: Object.keys(input) },
        client: clientInfo(c),
      });
      return updated;
    });
    return c.json(serializeBrand(row, access.role), 200);
  });
}
