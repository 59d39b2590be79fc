import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { CreateLink, TrackingLink, serializeLink } from "../../links/schemas";
import { withCreator } from "../access";
import { MAX_CREATOR_LINKS, createCreatorLink } from "../own-links";

export const createCreatorLinkRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/links",
  tags: ["Creator"],
  summary: "Create your own tracking link",
  description:
    "For an approved enrollment in a campaign whose brand lets creators make links. A deep link (`destination_url`) must stay on the " +
    `campaign's site. At most ${MAX_CREATOR_LINKS} links per campaign.`,
  request: { body: jsonBody(CreateLink) },
  responses: {
    201: jsonResponse(TrackingLink, "The new link."),
    ...commonErrors,
    403: errorResponse("The brand does not let creators make their own links for this campaign."),
    409: errorResponse("The code is taken, the enrollment is not approved, or the link limit is reached."),
  },
});

export function registerCreatorLinks(app: DashboardApp) {
  app.openapi(createCreatorLinkRoute, async (c) => {
    const input = c.req.valid("json");
    const row = await withCreator(c, (tx) => createCreatorLink(tx, input));
    return c.json(serializeLink(row, c.var.config.TRACKING_BASE_URL), 201);
  });
}
