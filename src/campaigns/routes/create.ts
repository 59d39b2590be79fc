import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { idempotentBrandWrite } from "../../infra/http/idempotency";
import { commonErrors, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { createCampaign } from "../changes";
import { Campaign, CreateCampaign, serializeCampaign } from "../schemas";

export const createCampaignRoute = createRoute({
  method: "post",
  path: "/v1/campaigns",
  tags: ["Campaigns"],
  summary: "Create a campaign",
  description: "Send `Idempotency-Key` to make retries safe.",
  security: bearer,
  request: { body: jsonBody(CreateCampaign) },
  responses: { 201: jsonResponse(Campaign, "The new campaign."), ...commonErrors },
});

export function registerCreateCampaign(app: V1App) {
  app.openapi(createCampaignRoute, async (c) => {
    const input = c.req.valid("json");
    const { id: brandId, keyId } = c.var.brand;
    const body = await idempotentBrandWrite(c, c.var.db(), brandId, input, async (tx) => {
      const row = await createCampaign(tx, brandId, input);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: keyId }, action: "campaign.created", target: { type: "campaign", id: row.id }, client: clientInfo(c) });
      return serializeCampaign(row);
    });
    return c.json(body, 201);
  });
}
