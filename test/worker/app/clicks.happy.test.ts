import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as schema from "../../../src/infra/db/schema";
import type { ClickBatchMessage, ClickRecord } from "../../../src/infra/queues/messages";
import { createAffiliate, createBrand, enroll } from "../support/fixtures";
import { brandRows, clickAt, clickCounts, consume, daysAgo, unreachableDatabase } from "../support/tracking";

async function linkOf() {
  const brand = await createBrand();
  const { affiliateId } = await createAffiliate();
  const link = await enroll(brand, affiliateId);
  return { brand, affiliateId, ...link };
}

async function clicksFor(f: Awaited<ReturnType<typeof linkOf>>, n: number, at = new Date()): Promise<ClickRecord[]> {
  return Promise.all(
    Array.from({ length: n }, async () => ({
      id: await clickAt(f.linkId, at),
      link: f.linkId,
      brand: f.brand.brandId,
      campaign: f.brand.campaignId,
      enrollment: f.enrollmentId,
      affiliate: f.affiliateId,
      at: at.getTime(),
      ua: "Mozilla/5.0",
      ip: "198.51.100.4",
      country: "DE",
    })),
  );
}

const message = (clicks: ClickRecord[]): ClickBatchMessage => ({ v: 1, clicks });

describe("the clicks consumer", () => {
  it("writes every click of every message and counts them per link and UTC day, per brand", async () => {
    const a = await linkOf();
    const b = await linkOf();
    const yesterday = daysAgo(1);
    const batch = [message([...(await clicksFor(a, 3)), ...(await clicksFor(b, 2))]), message([...(await clicksFor(a, 4, yesterday))])];
    const result = await consume("rekomi-clicks", batch);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toEqual([]);
    expect(await clickCounts(a.brand.brandId, a.linkId)).toEqual({ rows: 7, rollup: 7 });
    expect(await clickCounts(b.brand.brandId, b.linkId)).toEqual({ rows: 2, rollup: 2 });
    const days = await brandRows(a.brand.brandId, (tx) => tx.select().from(schema.linkDailyClicks).where(eq(schema.linkDailyClicks.linkId, a.linkId)));
    expect(days.map((d) => [d.day, d.clicks]).sort()).toEqual(
      [
        [yesterday.toISOString().slice(0, 10), 4],
        [new Date().toISOString().slice(0, 10), 3],
      ].sort(),
    );
    // Stored without the raw IP: a keyed hash lets fraud checks compare visitors.
    const [row] = await brandRows(a.brand.brandId, (tx) => tx.select().from(schema.clicks).where(eq(schema.clicks.linkId, a.linkId)).limit(1));
    expect(row!.ipHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain("198.51.100.4");
    expect(row).toMatchObject({ country: "DE", userAgent: "Mozilla/5.0", affiliateId: a.affiliateId, enrollmentId: a.enrollmentId });
  });

  it("never double-counts a redelivered message (committed, then the ack was lost)", async () => {
    const f = await linkOf();
    const batch = [message(await clicksFor(f, 5))];
    await consume("rekomi-clicks", batch);
    const again = await consume("rekomi-clicks", batch, { attempts: 2 });
    expect(again.explicitAcks).toHaveLength(1);
    // A message overlapping the first one counts only its new clicks.
    await consume("rekomi-clicks", [message([...batch[0]!.clicks.slice(0, 2), ...(await clicksFor(f, 1))])]);
    expect(await clickCounts(f.brand.brandId, f.linkId)).toEqual({ rows: 6, rollup: 6 });
  });

  it("retries with a delay and acks nothing while Postgres refuses, then records exactly once", async () => {
    const f = await linkOf();
    const batch = [message(await clicksFor(f, 3))];
    const broken = { ...env, DATABASE_URL: unreachableDatabase() };
    const failed = await consume("rekomi-clicks", batch, { env: broken, attempts: 3 });
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages).toHaveLength(1);
    expect(failed.retryDelays).toEqual([20]);
    expect(await clickCounts(f.brand.brandId, f.linkId)).toEqual({ rows: 0, rollup: 0 });
    await consume("rekomi-clicks", batch, { attempts: 4 });
    expect(await clickCounts(f.brand.brandId, f.linkId)).toEqual({ rows: 3, rollup: 3 });
  });

  it("retries only the messages of a brand whose write failed, and parks malformed messages for the dead-letter queue", async () => {
    const good = await linkOf();
    const bad = await linkOf();
    // A click without a time cannot be stored: its brand's transaction fails as a whole.
    const broken = [...(await clicksFor(bad, 1)), ...(await clicksFor(bad, 1)).map((c) => ({ ...c, at: Number.NaN }))];
    const result = await consume("rekomi-clicks", [message(await clicksFor(good, 2)), message(broken), { nonsense: true }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(2);
    expect(await clickCounts(good.brand.brandId, good.linkId)).toEqual({ rows: 2, rollup: 2 });
    expect(await clickCounts(bad.brand.brandId, bad.linkId)).toEqual({ rows: 0, rollup: 0 });
  });
});
