import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { clickSigningKey, verifyClickId } from "../../../src/tracking/click-id";
import { createAffiliate, createBrand, enroll } from "../support/fixtures";
import { Pipeline } from "../support/tracking";

const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

async function linkFixture() {
  const brand = await createBrand();
  const { affiliateId } = await createAffiliate();
  return { brand, affiliateId, ...(await enroll(brand, affiliateId)) };
}

describe("GET /c/{code}", () => {
  it("302s to the destination with a genuine rk_click, keeping the destination's parameters and forwarding the visitor's", async () => {
    const { linkId, code } = await linkFixture();
    const pipe = new Pipeline();
    const before = Date.now();
    const res = await pipe.edgeFetch(`/c/${code}?utm_source=youtube&plan=free&rk_click=clk_forged&q=a%20b%26c`, { headers: { "user-agent": BROWSER } });
    expect(res.status).toBe(302);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("https://brand.example/pricing");
    // The destination's own plan=pro wins over the visitor's plan=free; everything else is forwarded.
    expect([...location.searchParams.keys()]).toEqual(["plan", "utm_source", "q", "rk_click"]);
    expect(location.searchParams.get("plan")).toBe("pro");
    expect(location.searchParams.get("utm_source")).toBe("youtube");
    expect(location.searchParams.get("q")).toBe("a b&c");
    const clickId = location.searchParams.get("rk_click")!;
    const claims = await verifyClickId(await clickSigningKey(env.CLICK_SIGNING_SECRET), clickId);
    expect(claims).toMatchObject({ linkId, windowDays: 30, firstClick: false });
    expect(claims!.clickedAt).toBeGreaterThanOrEqual(before - 1000);
  });

  it("queues the click, micro-batched, with what the consumer needs", async () => {
    const { brand, affiliateId, enrollmentId, linkId, code } = await linkFixture();
    const pipe = new Pipeline();
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => pipe.edgeFetch(`/c/${code}`, { headers: { "user-agent": BROWSER, referer: "https://youtube.com/watch?v=1", "cf-connecting-ip": "203.0.113.7" } })),
    );
    expect(answers.every((r) => r.status === 302)).toBe(true);
    // Clicks answered within a few milliseconds share messages instead of one message each.
    const queued = pipe.clicks.sent.flatMap((m) => m.clicks);
    expect(queued).toHaveLength(25);
    expect(pipe.clicks.sent.length).toBeLessThan(25);
    const ids = answers.map((r) => new URL(r.headers.get("location")!).searchParams.get("rk_click"));
    expect(new Set(queued.map((c) => c.id))).toEqual(new Set(ids));
    expect(queued[0]).toMatchObject({ link: linkId, brand: brand.brandId, campaign: brand.campaignId, enrollment: enrollmentId, affiliate: affiliateId, ua: BROWSER, referrer: "https://youtube.com/watch?v=1", ip: "203.0.113.7" });
  });

  it("keeps answering when the queue fails, and retries the send before giving up", async () => {
    const { code } = await linkFixture();
    const pipe = new Pipeline();
    pipe.clicks.failNext = 2;
    const res = await pipe.edgeFetch(`/c/${code}`, { headers: { "user-agent": BROWSER } });
    expect(res.status).toBe(302);
    expect(pipe.clicks.sent.flatMap((m) => m.clicks)).toHaveLength(1);
  });

  it("redirects bots, link unfurlers, HTTP tools, prefetches and HEAD requests without counting them", async () => {
    const { code } = await linkFixture();
    const pipe = new Pipeline();
    const notPeople: RequestInit[] = [
      { headers: { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" } },
      { headers: { "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } },
      { headers: { "user-agent": "facebookexternalhit/1.1" } },
      { headers: { "user-agent": "curl/8.5.0" } },
      { headers: {} },
      { headers: { "user-agent": BROWSER, "sec-purpose": "prefetch;prerender" } },
      { method: "HEAD", headers: { "user-agent": BROWSER } },
    ];
    for (const init of notPeople) {
      const res = await pipe.edgeFetch(`/c/${code}`, init);
      expect(res.status, JSON.stringify(init)).toBe(302);
      expect(res.headers.get("location")).toContain("rk_click=clk_");
    }
    expect(pipe.clicks.sent).toEqual([]);
  });

  it("serves rk.js as a cacheable script", async () => {
    const res = await new Pipeline().edgeFetch("/rk.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/javascript/);
    expect(res.headers.get("cache-control")).toContain("max-age=");
    expect(await res.text()).toContain("w.rekomi = api");
  });
});
