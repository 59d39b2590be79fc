import { brandOperation } from "../infra/api/operation";
import { idParams } from "../infra/http/schemas";
import { recommendCreators } from "./recommend";
import { RecommendedList, RecommendedQuery } from "./schemas";

export const recommendedCreatorsOperation = brandOperation({
  id: "listRecommendedCreators",
  permission: "affiliates.view",
  method: "get",
  path: "/campaigns/{campaignId}/recommended-creators",
  tags: ["Network"],
  summary: "Recommended creators for a campaign",
  description: "Creators of the curated network who are not in the campaign yet, best match first, each with the factors behind the score.",
  request: { params: idParams({ campaignId: "cmp" }), query: RecommendedQuery },
  response: { status: 200, schema: RecommendedList, description: "Ranked creators." },
  async handler(ctx, { params: { campaignId }, query: { limit } }) {
    const data = await ctx.run((tx) => recommendCreators(tx, campaignId, limit));
    return { data, has_more: false, next_cursor: null };
  },
});

export const networkOperations = [recommendedCreatorsOperation];
