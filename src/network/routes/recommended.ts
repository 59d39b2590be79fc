import { createRoute, z } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { recommendCreators } from "../recommend";
import { RecommendedCreator } from "../schemas";

export const RecommendedQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });
export const RecommendedList = z.object({ data: z.array(RecommendedCreator), has_more: z.boolean(), next_cursor: z.null() });

export const recommendedCreatorsRoute = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}/recommended-creators",
  tags: ["Network"],
  summary: "Recommended creators for a campaign",
  description: "Creators of the curated network who are not in the campaign yet, best match first, each with the factors behind the score.",
  security: bearer,
  request: { params: idParam("cmp"), query: RecommendedQuery },
  responses: { 200: jsonResponse(RecommendedList, "Ranked creators."), ...commonErrors },
});

export function registerRecommendedCreators(app: V1App) {
  app.openapi(recommendedCreatorsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    const data = await withBrand(c.var.db(), c.var.brand.id, (tx) => recommendCreators(tx, id, limit, "id"));
    return c.json({ data, has_more: false, next_cursor: null }, 200);
  });
}
