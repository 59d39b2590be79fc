import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { quickstartFacts } from "../queries";
import { Quickstart, serializeQuickstart } from "../schemas";

export const quickstartRoute = dashboardRoute({ brand: "brand.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/quickstart",
  tags: ["Brands"],
  summary: "The new-brand checklist, from real state",
  request: { params: idParams({ brandId: "brd" }) },
  responses: { 200: jsonResponse(Quickstart, "Each step, done or not, with what shows it."), ...commonErrors },
});

export function registerQuickstart(app: DashboardApp) {
  app.openapi(quickstartRoute, async (c) => {
    const facts = await withAccessedBrand(c, (tx, access) => quickstartFacts(tx, access.brandId));
    return c.json(serializeQuickstart(facts, c.var.config.TRACKING_BASE_URL), 200);
  });
}
