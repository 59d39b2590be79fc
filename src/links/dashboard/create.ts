import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { createBrandLink } from "../changes";
import { CreateLink, TrackingLink, serializeLink } from "../schemas";

export const dashboardCreateLinkRoute = dashboardRoute({ brand: "links.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/links",
  tags: ["Tracking links"],
  summary: "Create a tracking link",
  description: "The same rules as `POST /v1/links`: a link for one live enrollment, with a vanity or random code.",
  request: { params: idParams({ brandId: "brd" }), body: jsonBody(CreateLink) },
  responses: { 201: jsonResponse(TrackingLink, "The new link."), ...commonErrors, 409: errorResponse("The code is taken, or the enrollment was rejected or ended.") },
});

export function registerDashboardCreateLink(app: DashboardApp) {
  app.openapi(dashboardCreateLinkRoute, async (c) => {
    const input = c.req.valid("json");
    const row = await withAccessedBrand(c, (tx, access) => createBrandLink(tx, access.brandId, input));
    return c.json(serializeLink(row, c.var.config.TRACKING_BASE_URL), 201);
  });
}
