import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { brandAccessOf, withAccessedBrand } from "../../teams/guard";
import { findBrand } from "../queries";
import { Brand, serializeBrand } from "../schemas";

const params = idParams({ brandId: "brd" });

export const getBrandRoute = dashboardRoute({ brand: "brand.view" }, {
  method: "get",
  path: "/api/brands/{brandId}",
  tags: ["Brands"],
  summary: "Retrieve a brand",
  request: { params },
  responses: { 200: jsonResponse(Brand, "The brand."), ...commonErrors },
});

export function registerGetBrand(app: DashboardApp) {
  app.openapi(getBrandRoute, async (c) => {
    const access = brandAccessOf(c);
    const row = await withAccessedBrand(c, (tx) => findBrand(tx, access.brandId));
    return c.json(serializeBrand(row!, access.role), 200);
  });
}
