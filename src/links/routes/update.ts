import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, idParam, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { changeLink } from "../changes";
import { TrackingLink, UpdateLink, serializeLink } from "../schemas";

export const updateLinkRoute = createRoute({
  method: "patch",
  path: "/v1/links/{id}",
  tags: ["Tracking links"],
  summary: "Update a tracking link",
  description:
    "Pause a link (`status: disabled`), resume it, or change its destination. The edge caches links: the change is live everywhere within 30 seconds.",
  security: bearer,
  request: { params: idParam("lnk"), body: jsonBody(UpdateLink) },
  responses: { 200: jsonResponse(TrackingLink, "The updated link."), ...commonErrors },
});

export function registerUpdateLink(app: V1App) {
  app.openapi(updateLinkRoute, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const row = await withBrand(c.var.db(), c.var.brand.id, (tx) => changeLink(tx, id, input));
    return c.json(serializeLink(row, c.var.config.TRACKING_BASE_URL), 200);
  });
}
