import { and, arrayOverlaps, eq, notExists, or, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { affiliates, enrollments } from "../db/schema";

const MAX_CANDIDATES = 500;

/**
 * Network creators a brand could recruit for a campaign: approved in the network, not yet
 * in the campaign, and sharing at least a niche or a market when the campaign names any
 * (this prefilter keeps scoring to a bounded candidate set).
 */
export function recruitableCreators(tx: Tx, campaign: { id: string; niches: string[]; targetMarkets: string[] }) {
  const wantsSomething = campaign.niches.length > 0 || campaign.targetMarkets.length > 0;
  return tx
    .select()
    .from(affiliates)
    .where(
      and(
        eq(affiliates.networkStatus, "approved"),
        notExists(tx.select({ one: sql`1` }).from(enrollments).where(and(eq(enrollments.campaignId, campaign.id), eq(enrollments.affiliateId, affiliates.id)))),
        wantsSomething
          ? or(
              campaign.niches.length ? arrayOverlaps(affiliates.niches, campaign.niches) : undefined,
              campaign.targetMarkets.length ? arrayOverlaps(affiliates.countries, campaign.targetMarkets) : undefined,
            )
          : undefined,
      ),
    )
    .limit(MAX_CANDIDATES);
}
