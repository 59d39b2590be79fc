import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { changeLink } from "../changes";
import { TrackingLink, UpdateLink, serializeLink } from "../schemas";

export const dashboardUpdateLinkRoute = dashboardRoute({ brand: "links.manage" }, {
  method: "patch",
  path: "/api/brands/{brandId}/links/{linkId}",
  tags: ["Tracking links"],
  summary: "Pause, resume or re-point a tracking link",
  description: "Live at the edge within 30 seconds.",
  request: { params: idParams({ brandId: "brd", linkId: "lnk" }), body: jsonBody(UpdateLink) },
  responses: { 200: jsonResponse(TrackingLink, "The updated link."), ...commonErrors },
});

export function registerDashboardUpdateLink(app: DashboardApp) {
  app.openapi(dashboardUpdateLinkRoute, async (c) => {
    const { linkId } = c.req.valid("param");
    const input = c.req.valid("json");
    const row = await withAccessedBrand(c, (tx) => changeLink(tx, linkId, input, "linkId"));
    return c.json(serializeLink(row, c.var.config.TRACKING_BASE_URL), 200);
  });
}
