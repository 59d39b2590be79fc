import { createRoute, z } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { findCampaign } from "../../campaigns/queries";
import { withBrand } from "../../db/principal";
import { ApiError } from "../../http/errors";
import { commonErrors, idParam, jsonResponse } from "../../http/schemas";
import { matchScore } from "../match";
import { recruitableCreators } from "../queries";
import { RecommendedCreator } from "../schemas";

export const recommendedCreatorsRoute = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}/recommended-creators",
  tags: ["Network"],
  summary: "Recommended creators for a campaign",
  description: "Creators of the curated network who are not in the campaign yet, best match first, each with the factors behind the score.",
  security: bearer,
  request: { params: idParam("cmp"), query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }) },
  responses: {
    200: jsonResponse(z.object({ data: z.array(RecommendedCreator), has_more: z.boolean(), next_cursor: z.null() }), "Ranked creators."),
    ...commonErrors,
  },
});

export function registerRecommendedCreators(app: V1App) {
  app.openapi(recommendedCreatorsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    const { campaign, candidates } = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      const campaign = await findCampaign(tx, id);
      if (!campaign) throw new ApiError("not_found", `No campaign ${id}.`, { param: "id" });
      return { campaign, candidates: await recruitableCreators(tx, campaign) };
    });
    const ranked = candidates
      .map((a) => ({ a, match: matchScore(a, campaign) }))
      .sort((x, y) => y.match.score - x.match.score || x.a.id.localeCompare(y.a.id))
      .slice(0, limit);
    return c.json(
      {
        data: ranked.map(({ a, match }) => ({
          object: "recommended_creator" as const,
          affiliate: { id: a.id, display_name: a.displayName, niches: a.niches, countries: a.countries, audience: a.audience },
          score: match.score,
          factors: match.factors,
        })),
        has_more: false,
        next_cursor: null,
      },
      200,
    );
  });
}
