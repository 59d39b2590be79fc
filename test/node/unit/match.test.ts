import { describe, expect, it } from "vitest";
import { matchScore } from "../../../src/network/match";

const campaign = { niches: ["saas", "analytics"], targetMarkets: ["US", "GB"] };

describe("network match score", () => {
  it("scores a creator in the same niches and markets with a big audience near the top", () => {
    const m = matchScore({ niches: ["SaaS", "analytics", "design"], countries: ["US", "GB", "CA"], audience: [{ channel: "youtube", size: 250_000 }] }, campaign, { conversions90d: 50 });
    expect(m.factors.map((f) => [f.factor, f.points])).toEqual([
      ["niche", 40],
      ["market", 25],
      ["audience", 15],
      ["performance", 15],
    ]);
    expect(m.score).toBe(95);
  });

  it("explains partial matches in words", () => {
    const m = matchScore({ niches: ["saas"], countries: ["DE"], audience: [{ channel: "newsletter", size: 800 }] }, campaign);
    expect(m.factors[0]!.reason).toBe("Shares 1 of 2 campaign niches: saas.");
    expect(m.factors[1]!.reason).toBe("No audience in the campaign's markets.");
    expect(m.factors[2]).toMatchObject({ points: 4 });
    expect(m.factors[3]!.reason).toContain("No track record");
    expect(m.score).toBe(20 + 0 + 4 + 5);
  });

  it("treats campaigns without niches or markets as open", () => {
    const m = matchScore({ niches: [], countries: [], audience: [] }, { niches: [], targetMarkets: [] });
    expect(m.factors.find((f) => f.factor === "market")!.points).toBe(25);
    expect(m.factors.find((f) => f.factor === "niche")!.points).toBe(20);
  });

  it("ranks a closer creator above a larger but off-topic one", () => {
    const close = matchScore({ niches: ["saas", "analytics"], countries: ["US"], audience: [{ channel: "blog", size: 5_000 }] }, campaign);
    const big = matchScore({ niches: ["gaming"], countries: ["BR"], audience: [{ channel: "youtube", size: 5_000_000 }] }, campaign);
    expect(close.score).toBeGreaterThan(big.score);
  });
});
