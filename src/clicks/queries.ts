import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { linkDailyClicks } from "../infra/db/schema";

export interface LinkClicks {
  total: number;
  recent: number;
}

/**
 * Clicks per link from the daily rollups: all time, and since `recentSince` (a UTC day,
 * `YYYY-MM-DD`). Links never clicked are absent from the map.
 */
export async function linkClickTotals(tx: Tx, brandId: string, linkIds: string[], recentSince: string): Promise<Map<string, LinkClicks>> {
  if (linkIds.length === 0) return new Map();
  const rows = await tx
    .select({
      linkId: linkDailyClicks.linkId,
      total: sql`sum(${linkDailyClicks.clicks})`.mapWith(Number),
      recent: sql`coalesce(sum(${linkDailyClicks.clicks}) filter (where ${gte(linkDailyClicks.day, recentSince)}), 0)`.mapWith(Number),
    })
    .from(linkDailyClicks)
    .where(and(eq(linkDailyClicks.brandId, brandId), inArray(linkDailyClicks.linkId, linkIds)))
    .groupBy(linkDailyClicks.linkId);
  return new Map(rows.map((r) => [r.linkId, { total: r.total, recent: r.recent }]));
}
