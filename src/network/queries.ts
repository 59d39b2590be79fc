import { and, arrayOverlaps, desc, eq, gt, notExists, or, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, brands, campaigns, conversions, enrollments } from "../infra/db/schema";

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

/**
 * Campaigns a creator could apply to (affiliate principal): listed and approved by staff, active, of an active
 * brand, and not one the creator already applied to or works with. At most 500, those
 * sharing a niche or a market with the creator first, so scoring stays bounded.
 */
export function applicableCampaigns(tx: Tx, creator: { id: string; niches: string[]; countries: string[] }) {
  // Postgres refuses a constant in ORDER BY, so a profile without niches or countries
  // simply drops that preference.
  const preferences = [
    ...(creator.niches.length ? [desc(arrayOverlaps(campaigns.niches, creator.niches))] : []),
    ...(creator.countries.length ? [desc(arrayOverlaps(campaigns.targetMarkets, creator.countries))] : []),
  ];
  return tx
    .select({ campaign: campaigns, brand: { id: brands.id, name: brands.name } })
    .from(campaigns)
    .innerJoin(brands, eq(brands.id, campaigns.brandId))
    .where(
      and(
        eq(campaigns.visibility, "listed"),
        eq(campaigns.status, "active"),
        // RLS also admits campaigns the creator is in, whatever their listing: only approved ones are offered.
        eq(campaigns.listingStatus, "approved"),
        eq(brands.status, "active"),
        notExists(tx.select({ one: sql`1` }).from(enrollments).where(and(eq(enrollments.campaignId, campaigns.id), eq(enrollments.affiliateId, creator.id)))),
      ),
    )
    .orderBy(...preferences, desc(campaigns.id))
    .limit(MAX_CANDIDATES);
}

/** A campaign a creator may apply to: listed in the network and approved by staff, active, of an active brand (affiliate principal). */
export async function findListedCampaign(tx: Tx, campaignId: string) {
  const [row] = await tx
    .select({ id: campaigns.id, brandId: campaigns.brandId })
    .from(campaigns)
    .innerJoin(brands, eq(brands.id, campaigns.brandId))
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.visibility, "listed"), eq(campaigns.status, "active"), eq(campaigns.listingStatus, "approved"), eq(brands.status, "active")));
  return row;
}

/** A creator's own track record (affiliate principal: its conversions across brands): live sales credited in the last 90 days (as network_sales_90d()). */
export async function ownSales90d(tx: Tx, affiliateId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(conversions)
    .where(and(eq(conversions.affiliateId, affiliateId), eq(conversions.type, "sale"), eq(conversions.livemode, true), gt(conversions.occurredAt, sql`now() - interval '90 days'`)));
  return Number(row?.n ?? 0);
}
