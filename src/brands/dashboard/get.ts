import { eq } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { withPrincipal } from "../../infra/db/principal";
import { brands } from "../../infra/db/schema";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
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
    const [row] = await withPrincipal(c.var.db(), { kind: "brand", brandId: access.brandId, userId: access.userId }, (tx) =>
      tx.select().from(brands).where(eq(brands.id, access.brandId)),
    );
    return c.json(serializeBrand(row!, access.role), 200);
  });
}
