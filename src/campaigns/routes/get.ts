import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { findCampaign } from "../queries";
import { Campaign, serializeCampaign } from "../schemas";

export const getCampaignRoute = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}",
  tags: ["Campaigns"],
  summary: "Retrieve a campaign",
  security: bearer,
  request: { params: idParam("cmp") },
  responses: { 200: jsonResponse(Campaign, "The campaign."), ...commonErrors },
});

export function registerGetCampaign(app: V1App) {
  app.openapi(getCampaignRoute, async (c) => {
    const { id } = c.req.valid("param");
    const row = await withBrand(c.var.db(), c.var.brand.id, (tx) => findCampaign(tx, id));
    if (!row) throw new ApiError("not_found", `No campaign ${id}.`, { param: "id" });
    return c.json(serializeCampaign(row), 200);
  });
}
