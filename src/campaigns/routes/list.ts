import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { listCampaigns } from "../queries";
import { Campaign, serializeCampaign } from "../schemas";

export const listCampaignsRoute = createRoute({
  method: "get",
  path: "/v1/campaigns",
  tags: ["Campaigns"],
  summary: "List campaigns",
  description: "The brand's campaigns, newest first.",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(Campaign), "A page of campaigns."), ...commonErrors },
});

export function registerListCampaigns(app: V1App) {
  app.openapi(listCampaignsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) => listCampaigns(tx, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, serializeCampaign), 200);
  });
}
