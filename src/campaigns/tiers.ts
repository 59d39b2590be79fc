import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { commissionTiers, type campaigns } from "../infra/db/schema";
import type { CreateCampaign } from "./schemas";

type TierRow = typeof commissionTiers.$inferSelect;

/** The performance tiers of these campaigns, by ascending threshold (a campaign without tiers maps to []). */
export async function tiersOf(tx: Tx, campaignIds: string[]): Promise<Map<string, TierRow[]>> {
  const byCampaign = new Map<string, TierRow[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return byCampaign;
  const rows = await tx.select().from(commissionTiers).where(inArray(commissionTiers.campaignId, campaignIds)).orderBy(asc(commissionTiers.threshold));
  for (const row of rows) byCampaign.get(row.campaignId)?.push(row);
  return byCampaign;
}

/** Replaces every tier of the campaign (brand principal); later sales use the new ones. */
export async function replaceTiers(tx: Tx, campaign: Pick<typeof campaigns.$inferSelect, "id" | "brandId">, tiers: CreateCampaign["tiers"]): Promise<TierRow[]> {
  await tx.delete(commissionTiers).where(eq(commissionTiers.campaignId, campaign.id));
  if (tiers.length === 0) return [];
  return tx
    .insert(commissionTiers)
    .values(
      tiers.map((t) => ({
        brandId: campaign.brandId,
        campaignId: campaign.id,
        metric: t.metric,
        threshold: t.threshold,
        type: t.type,
        rateBps: t.rate_bps ?? null,
        amount: t.amount ?? null,
      })),
    )
    .returning()
    .then((rows) => rows.sort((a, b) => a.threshold - b.threshold));
}
