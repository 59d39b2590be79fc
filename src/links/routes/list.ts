import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { listLinks } from "../queries";
import { ListLinksQuery, TrackingLink, serializeLink } from "../schemas";

export const listLinksRoute = createRoute({
  method: "get",
  path: "/v1/links",
  tags: ["Tracking links"],
  summary: "List tracking links",
  description: "Newest first; filter by campaign or enrollment.",
  security: bearer,
  request: { query: PageQuery.extend(ListLinksQuery.shape) },
  responses: { 200: jsonResponse(pageSchema(TrackingLink), "A page of links."), ...commonErrors },
});

export function registerListLinks(app: V1App) {
  app.openapi(listLinksRoute, async (c) => {
    const { limit, cursor, campaign_id, enrollment_id } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) =>
      listLinks(tx, { limit, before: decodeCursor(cursor), campaignId: campaign_id, enrollmentId: enrollment_id }),
    );
    const base = c.var.config.TRACKING_BASE_URL;
    return c.json(toPage(rows, limit, (r) => serializeLink(r, base)), 200);
  });
}
