import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, idParam, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { changeCampaign } from "../changes";
import { Campaign, UpdateCampaign, serializeCampaign } from "../schemas";

export const updateCampaignRoute = createRoute({
  method: "patch",
  path: "/v1/campaigns/{id}",
  tags: ["Campaigns"],
  summary: "Update a campaign",
  description: "Only the fields sent change. Pausing (`status: paused`) stops its links from redirecting within the edge cache lifetime.",
  security: bearer,
  request: { params: idParam("cmp"), body: jsonBody(UpdateCampaign) },
  responses: { 200: jsonResponse(Campaign, "The updated campaign."), ...commonErrors },
});

export function registerUpdateCampaign(app: V1App) {
  app.openapi(updateCampaignRoute, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { id: brandId, keyId } = c.var.brand;
    const row = await withBrand(c.var.db(), brandId, async (tx) => {
      const row = await changeCampaign(tx, id, input);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: keyId }, action: "campaign.updated", target: { type: "campaign", id }, metadata: { fields: Object.keys(input) }, client: clientInfo(c) });
      return row;
    });
    return c.json(serializeCampaign(row), 200);
  });
}
