import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { LINK_TTL_MS } from "../../../src/tracking/link-cache";
import { createAffiliate, createBrand, enroll, usingDb, type BrandFixture } from "../support/fixtures";
import { Pipeline, unreachableDatabase } from "../support/tracking";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

async function linkFixture() {
  const brand = await createBrand();
  const { affiliateId } = await createAffiliate();
  return { brand, ...(await enroll(brand, affiliateId)) };
}

function asBrand(brand: BrandFixture, fn: Parameters<typeof withBrand>[2]) {
  return usingDb((db) => withBrand(db, brand.brandId, fn));
}

async function expectNotActivePage(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(res.headers.get("location")).toBeNull();
  const html = await res.text();
  expect(html).toContain("This link is not active");
  expect(html).not.toMatch(/error|stack|postgres/i);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("GET /c/{code} for links that do not redirect", () => {
  it("shows a small HTML 404 page for an unknown or malformed code", async () => {
    const pipe = new Pipeline();
    await expectNotActivePage(await pipe.edgeFetch("/c/no-such-code-anywhere", { headers: { "user-agent": BROWSER } }));
    await expectNotActivePage(await pipe.edgeFetch("/c/a%20b", { headers: { "user-agent": BROWSER } }));
    await expectNotActivePage(await pipe.edgeFetch(`/c/${"x".repeat(65)}`, { headers: { "user-agent": BROWSER } }));
    expect(pipe.clicks.sent).toEqual([]);
  });

  it("stops redirecting a disabled link, a paused campaign or a paused enrollment, within the cache bound", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const cases: [string, (f: Awaited<ReturnType<typeof linkFixture>>) => Promise<unknown>][] = [
      ["link disabled", (f) => asBrand(f.brand, (tx) => tx.update(schema.trackingLinks).set({ status: "disabled" }).where(eq(schema.trackingLinks.id, f.linkId)))],
      ["campaign paused", (f) => asBrand(f.brand, (tx) => tx.update(schema.campaigns).set({ status: "paused" }).where(eq(schema.campaigns.id, f.brand.campaignId)))],
      ["enrollment paused", (f) => asBrand(f.brand, (tx) => tx.update(schema.enrollments).set({ status: "paused" }).where(eq(schema.enrollments.id, f.enrollmentId)))],
    ];
    for (const [what, pause] of cases) {
      const fixture = await linkFixture();
      const pipe = new Pipeline();
      const open = () => pipe.edgeFetch(`/c/${fixture.code}`, { headers: { "user-agent": BROWSER } });
      expect((await open()).status, what).toBe(302);
      await pause(fixture);
      // Served from cache until the bound: no database round-trip on the warm path...
      vi.setSystemTime(Date.now() + LINK_TTL_MS - 1000);
      expect((await open()).status, `${what}, still cached`).toBe(302);
      // ...and never longer than LINK_TTL_MS after the edge last read the link.
      vi.setSystemTime(Date.now() + 1001);
      await expectNotActivePage(await open());
    }
  });

  it("picks up a new destination within the bound, and a resumed link", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const f = await linkFixture();
    const pipe = new Pipeline();
    const open = () => pipe.edgeFetch(`/c/${f.code}`, { headers: { "user-agent": BROWSER } });
    await asBrand(f.brand, (tx) => tx.update(schema.trackingLinks).set({ status: "disabled" }).where(eq(schema.trackingLinks.id, f.linkId)));
    await expectNotActivePage(await open());
    await asBrand(f.brand, (tx) =>
      tx.update(schema.trackingLinks).set({ status: "active", destinationUrl: "https://brand.example/deep/offer#top" }).where(eq(schema.trackingLinks.id, f.linkId)),
    );
    vi.setSystemTime(Date.now() + LINK_TTL_MS);
    const res = await open();
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^https:\/\/brand\.example\/deep\/offer\?rk_click=clk_[\w-]{56}#top$/);
  });

  it("keeps redirecting known links from the expired cache while Postgres is down, and asks to retry for others", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const f = await linkFixture();
    const pipe = new Pipeline();
    const browser = { headers: { "user-agent": BROWSER } };
    expect((await pipe.edgeFetch(`/c/${f.code}`, browser)).status).toBe(302);
    vi.setSystemTime(Date.now() + LINK_TTL_MS + 1000);
    const down = { DATABASE_URL: unreachableDatabase() };
    expect((await pipe.edgeFetch(`/c/${f.code}`, browser, down)).status).toBe(302);
    const unknown = await pipe.edgeFetch("/c/never-seen-before", browser, down);
    expect(unknown.status).toBe(503);
    expect(unknown.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await unknown.text()).toContain("Reload the page in a moment");
  });
});
