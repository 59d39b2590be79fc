/**
 * The explainable match score between a creator and a campaign, used both ways: "matches
 * for you" (campaigns for a creator) and "recommended creators" (creators for a brand).
 * Each factor contributes whole points with a sentence saying why, so a person can see
 * what to change to match better. Total is out of 100.
 */

export interface CreatorProfile {
  niches: string[];
  countries: string[];
  audience: { channel: string; size: number }[];
}

export interface CampaignTarget {
  niches: string[];
  targetMarkets: string[];
}

/** Track record in the network, when known: sales credited to the creator in the last 90 days, across brands. */
export interface Performance {
  conversions90d: number;
}

export interface MatchFactor {
  factor: "niche" | "market" | "audience" | "performance";
  points: number;
  max: number;
  reason: string;
}

export interface Match {
  score: number;
  factors: MatchFactor[];
}

const norm = (values: string[]) => new Set(values.map((v) => v.trim().toLowerCase()).filter(Boolean));

function overlap(a: string[], b: string[]): string[] {
  const set = norm(b);
  return [...norm(a)].filter((v) => set.has(v));
}

function nicheFactor(creator: CreatorProfile, campaign: CampaignTarget): MatchFactor {
  const max = 40;
  const wanted = norm(campaign.niches);
  if (wanted.size === 0) return { factor: "niche", points: max / 2, max, reason: "The campaign names no niches, so any niche fits partly." };
  const shared = overlap(creator.niches, campaign.niches);
  const points = Math.round((max * shared.length) / wanted.size);
  return {
    factor: "niche",
    points,
    max,
    reason: shared.length ? `Shares ${shared.length} of ${wanted.size} campaign niches: ${shared.join(", ")}.` : `None of the campaign's niches (${[...wanted].join(", ")}).`,
  };
}

function marketFactor(creator: CreatorProfile, campaign: CampaignTarget): MatchFactor {
  const max = 25;
  const markets = norm(campaign.targetMarkets);
  if (markets.size === 0) return { factor: "market", points: max, max, reason: "The campaign sells worldwide." };
  const shared = overlap(creator.countries, campaign.targetMarkets);
  const audience = norm(creator.countries);
  if (audience.size === 0) return { factor: "market", points: 0, max, reason: "The creator lists no audience countries." };
  const points = Math.round((max * shared.length) / Math.min(markets.size, audience.size));
  return {
    factor: "market",
    points: Math.min(points, max),
    max,
    reason: shared.length ? `Audience in ${shared.map((s) => s.toUpperCase()).join(", ")}, where the campaign sells.` : "No audience in the campaign's markets.",
  };
}

function audienceFactor(creator: CreatorProfile): MatchFactor {
  const max = 20;
  const total = creator.audience.reduce((sum, ch) => sum + Math.max(0, Math.floor(ch.size)), 0);
  // 5 points per order of magnitude from 1,000 (1k → 5, 10k → 10, 100k → 15, 1M+ → 20).
  const points = total < 1000 ? Math.round((5 * total) / 1000) : Math.min(max, 5 * (Math.floor(Math.log10(total)) - 2));
  return { factor: "audience", points, max, reason: `Combined audience of ${total.toLocaleString("en")} across ${creator.audience.length} channel(s).` };
}

function performanceFactor(perf: Performance | undefined): MatchFactor {
  const max = 15;
  if (!perf) return { factor: "performance", points: 5, max, reason: "No track record in the network yet." };
  const points = Math.min(max, 5 + Math.floor(perf.conversions90d / 5));
  return { factor: "performance", points, max, reason: `${perf.conversions90d} sale${perf.conversions90d === 1 ? "" : "s"} credited in the last 90 days.` };
}

export function matchScore(creator: CreatorProfile, campaign: CampaignTarget, perf?: Performance): Match {
  const factors = [nicheFactor(creator, campaign), marketFactor(creator, campaign), audienceFactor(creator), performanceFactor(perf)];
  return { score: factors.reduce((s, f) => s + f.points, 0), factors };
}
