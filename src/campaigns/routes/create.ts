import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { idempotentBrandWrite } from "../../http/idempotency";
import { commonErrors, jsonBody, jsonResponse } from "../../http/schemas";
import { newId } from "../../ids";
import { insertCampaign } from "../queries";
import { Campaign, CreateCampaign, commissionColumns, serializeCampaign } from "../schemas";

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
    const brandId = c.var.brand.id;
    const body = await idempotentBrandWrite(c, c.var.db(), brandId, input, async (tx) => {
      const row = await insertCampaign(tx, {
        id: newId("campaign"),
        brandId,
        name: input.name,
        description: input.description ?? null,
        destinationUrl: input.destination_url,
        landingPageUrl: input.landing_page_url ?? null,
        cookieWindowDays: input.cookie_window_days,
        attributionModel: input.attribution_model,
        visibility: input.visibility,
        targetMarkets: input.target_markets,
        niches: input.niches,
        terms: input.terms ?? null,
        ...commissionColumns(input.commission),
      });
      return serializeCampaign(row);
    });
    return c.json(body, 201);
  });
}
