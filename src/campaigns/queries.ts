import { desc, eq, lt } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { campaigns } from "../infra/db/schema";

type CampaignRow = typeof campaigns.$inferSelect;
type CampaignInsert = typeof campaigns.$inferInsert;

/** Newest first, `limit + 1` rows so the caller can tell whether another page exists. */
export function listCampaigns(tx: Tx, opts: { limit: number; before?: string | undefined }): Promise<CampaignRow[]> {
  return tx
    .select()
    .from(campaigns)
    .where(opts.before ? lt(campaigns.id, opts.before) : undefined)
    .orderBy(desc(campaigns.id))
    .limit(opts.limit + 1);
}

export async function findCampaign(tx: Tx, id: string): Promise<CampaignRow | undefined> {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id));
  return row;
}

export async function insertCampaign(tx: Tx, values: CampaignInsert): Promise<CampaignRow> {
  const [row] = await tx.insert(campaigns).values(values).returning();
  return row!;
}

export async function updateCampaign(tx: Tx, id: string, values: Partial<CampaignInsert>): Promise<CampaignRow | undefined> {
  const [row] = await tx
    .update(campaigns)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(campaigns.id, id))
    .returning();
  return row;
}
