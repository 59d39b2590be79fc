import type { z } from "@hono/zod-openapi";
import { findCampaign } from "../campaigns/queries";
import type { Tx } from "../infra/db/client";
import { networkSales90d } from "../infra/db/lookups";
import { DomainError } from "../infra/domain-error";
import { recruitableCreators } from "./queries";
import { rankCreators } from "./rank";
import type { RecommendedCreator } from "./schemas";

/**
 * Network creators ranked for one of the brand's campaigns (brand principal), best first,
 * each with the factors behind its score.
 */
export async function recommendCreators(tx: Tx, campaignId: string, limit: number): Promise<z.infer<typeof RecommendedCreator>[]> {
  const campaign = await findCampaign(tx, campaignId);
  if (!campaign) throw new DomainError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
  const candidates = await recruitableCreators(tx, campaign);
  // Track records span brands, so they come from a narrow lookup (counts of listed creators only).
  const sales = await networkSales90d(tx, candidates.map((a) => a.id));
  const ranked = rankCreators(candidates, campaign, limit, (a) => ({ conversions90d: sales.get(a.id) ?? 0 }));
  return ranked.map(({ item: a, match }) => ({
    object: "recommended_creator" as const,
    affiliate: { id: a.id, display_name: a.displayName, niches: a.niches, countries: a.countries, audience: a.audience },
    score: match.score,
    factors: match.factors,
  }));
}
