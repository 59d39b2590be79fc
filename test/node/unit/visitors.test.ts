import { describe, expect, it } from "vitest";
import { isCountable } from "../../../src/tracking/visitors";

const SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const get = (ua: string | null, headers: Record<string, string> = {}) => new Request("https://go.rekomi.test/c/x", { headers: { ...(ua === null ? {} : { "user-agent": ua }), ...headers } });

describe("who is counted", () => {
  it("gives the same verdict for a User-Agent seen before (kept per isolate) as the first time", () => {
    for (let round = 0; round < 3; round++) {
      expect(isCountable(get(SAFARI))).toBe(true);
      expect(isCountable(get("Googlebot/2.1 (+http://www.google.com/bot.html)"))).toBe(false);
      expect(isCountable(get("curl/8.5.0"))).toBe(false);
    }
  });

  it("judges User-Agents beyond the kept size and past the cache bound alike", () => {
    expect(isCountable(get(`${SAFARI} ${"x".repeat(600)}`))).toBe(true);
    expect(isCountable(get(`${"x".repeat(600)} Slackbot-LinkExpanding 1.0`))).toBe(false);
    for (let i = 0; i < 2_100; i++) expect(isCountable(get(`${SAFARI} build/${i}`))).toBe(true);
    expect(isCountable(get("python-requests/2.32"))).toBe(false);
  });

  it("does not count a request without a User-Agent, a prefetch or a HEAD", () => {
    expect(isCountable(get(null))).toBe(false);
    expect(isCountable(get(SAFARI, { "sec-purpose": "prefetch;prerender" }))).toBe(false);
    expect(isCountable(new Request("https://go.rekomi.test/c/x", { method: "HEAD", headers: { "user-agent": SAFARI } }))).toBe(false);
  });
});
