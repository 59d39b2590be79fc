import { matchScore, type CampaignTarget, type CreatorProfile, type Match, type Performance } from "./match";

/** Scores every candidate and keeps the best `limit`, ties broken by id (oldest first) so pages are stable. */
export function rankBest<T extends { id: string }>(candidates: T[], score: (c: T) => Match, limit: number): { item: T; match: Match }[] {
  return candidates
    .map((item) => ({ item, match: score(item) }))
    .sort((x, y) => y.match.score - x.match.score || x.item.id.localeCompare(y.item.id))
    .slice(0, limit);
}

/** Creators for a campaign (recommended creators), with each creator's track record when known. */
export function rankCreators<T extends CreatorProfile & { id: string }>(creators: T[], campaign: CampaignTarget, limit: number, performance: (creator: T) => Performance | undefined = () => undefined) {
  return rankBest(creators, (a) => matchScore(a, campaign, performance(a)), limit);
}
