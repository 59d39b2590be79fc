import { and, asc, eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import type { Tx } from "../infra/db/client";
import { campaigns, commissionOverrides } from "../infra/db/schema";
import type { CommissionOverride, CommissionOverrideInput } from "./schemas";

type OverrideRow = typeof commissionOverrides.$inferSelect;
type CampaignRow = typeof campaigns.$inferSelect;

export function serializeOverride(o: OverrideRow, campaign: Pick<CampaignRow, "currency">): z.infer<typeof CommissionOverride> {
  return {
    object: "commission_override",
    campaign_id: o.campaignId,
    product_id: o.productId,
    type: o.type,
    rate_bps: o.rateBps,
    amount: o.amount,
    currency: campaign.currency,
    updated_at: o.updatedAt.toISOString(),
  };
}

export function listOverrides(tx: Tx, campaignId: string) {
  return tx.select().from(commissionOverrides).where(eq(commissionOverrides.campaignId, campaignId)).orderBy(asc(commissionOverrides.productId));
}

/** Sets the product's rate for the campaign (brand principal), replacing any earlier one. Later sales use it. */
export async function putOverride(tx: Tx, campaign: CampaignRow, productId: string, input: z.infer<typeof CommissionOverrideInput>): Promise<OverrideRow> {
  const values = { type: input.type, rateBps: input.rate_bps ?? null, amount: input.amount ?? null, updatedAt: new Date() };
  const [row] = await tx
    .insert(commissionOverrides)
    .values({ brandId: campaign.brandId, campaignId: campaign.id, productId, ...values })
    .onConflictDoUpdate({ target: [commissionOverrides.campaignId, commissionOverrides.productId], set: values })
    .returning();
  return row!;
}

export async function deleteOverride(tx: Tx, campaignId: string, productId: string): Promise<boolean> {
  const deleted = await tx
    .delete(commissionOverrides)
    .where(and(eq(commissionOverrides.campaignId, campaignId), eq(commissionOverrides.productId, productId)))
    .returning({ productId: commissionOverrides.productId });
  return deleted.length > 0;
}
