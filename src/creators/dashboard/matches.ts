import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { matchScore } from "../../network/match";
import { applicableCampaigns, ownSales90d } from "../../network/queries";
import { rankBest } from "../../network/rank";
import { CampaignMatch, serializeNetworkCampaign } from "../../network/schemas";
import { withCreator } from "../access";
import { findProfileOfUser } from "../queries";

export const matchesRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/matches",
  tags: ["Creator"],
  summary: "Matches for you",
  description:
    "Campaigns listed in the network that you have not applied to yet, best match for your profile first, each with the factors " +
    "behind its score (niche overlap, market overlap, audience, track record).",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }) },
  responses: { 200: jsonResponse(z.object({ data: z.array(CampaignMatch), has_more: z.boolean(), next_cursor: z.null() }), "Ranked campaigns."), ...commonErrors },
});

export function registerMatches(app: DashboardApp) {
  app.openapi(matchesRoute, async (c) => {
    const { limit } = c.req.valid("query");
    const { profile, candidates, performance } = await withCreator(c, async (tx, creator) => {
      const profile = (await findProfileOfUser(tx, creator.userId))!;
      return { profile, candidates: await applicableCampaigns(tx, profile), performance: { conversions90d: await ownSales90d(tx, profile.id) } };
    });
    const ranked = rankBest(
      candidates.map((r) => ({ id: r.campaign.id, ...r })),
      (r) => matchScore(profile, r.campaign, performance),
      limit,
    );
    return c.json(
      {
        data: ranked.map(({ item, match }) => ({
          object: "campaign_match" as const,
          campaign: serializeNetworkCampaign(item.campaign, item.brand),
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
