import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { withBrand } from "../../db/principal";
import { ApiError } from "../../http/errors";
import { commonErrors, idParam, jsonBody, jsonResponse } from "../../http/schemas";
import { findCampaign, updateCampaign } from "../queries";
import { Campaign, UpdateCampaign, commissionColumns, commissionProblems, serializeCampaign } from "../schemas";

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
    const row = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      const current = await findCampaign(tx, id);
      if (!current) throw new ApiError("not_found", `No campaign ${id}.`, { param: "id" });
      const { commission, ...fields } = input;
      let commissionSet = {};
      if (commission) {
        const base = serializeCampaign(current).commission;
        const merged = { ...base, ...commission };
        const problem = commissionProblems(merged)[0];
        if (problem) throw new ApiError("invalid_request", `Invalid \`commission.${problem.path}\`: ${problem.message}.`, { param: `commission.${problem.path}` });
        commissionSet = commissionColumns(merged);
      }
      return updateCampaign(tx, id, {
        ...(fields.name !== undefined && { name: fields.name }),
        ...(fields.description !== undefined && { description: fields.description }),
        ...(fields.destination_url !== undefined && { destinationUrl: fields.destination_url }),
        ...(fields.landing_page_url !== undefined && { landingPageUrl: fields.landing_page_url }),
        ...(fields.cookie_window_days !== undefined && { cookieWindowDays: fields.cookie_window_days }),
        ...(fields.attribution_model !== undefined && { attributionModel: fields.attribution_model }),
        ...(fields.visibility !== undefined && { visibility: fields.visibility }),
        ...(fields.status !== undefined && { status: fields.status }),
        ...(fields.target_markets !== undefined && { targetMarkets: fields.target_markets }),
        ...(fields.niches !== undefined && { niches: fields.niches }),
        ...(fields.terms !== undefined && { terms: fields.terms }),
        ...commissionSet,
      });
    });
    return c.json(serializeCampaign(row!), 200);
  });
}
