import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { randomBase62 } from "../infra/crypto";
import type { Tx } from "../infra/db/client";
import { campaignJoinLinks } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";
import { newId } from "../infra/ids";

export const JOIN_CODE = /^[A-Za-z0-9]{16,64}$/;

/** 20 base62 characters (~119 bits): an auto-approving link must not be guessable. */
export const newJoinCode = () => randomBase62(20);

export const JoinLink = z
  .object({
    object: z.literal("join_link"),
    campaign_id: z.string(),
    enabled: z.boolean().openapi({ description: "False until the brand turns the join page on, or after it turns it off." }),
    auto_approve: z.boolean().openapi({ description: "Creators who join through the link are approved at once instead of applying." }),
    code: z.string().nullable(),
    url: z.string().nullable().openapi({ description: "The public join page to share." }),
    updated_at: Timestamp.nullable(),
  })
  .openapi("JoinLink");
export type JoinLink = z.infer<typeof JoinLink>;

export const UpdateJoinLink = z
  .object({ enabled: z.boolean().optional(), auto_approve: z.boolean().optional() })
  .strict()
  .openapi("UpdateJoinLink");

type Row = typeof campaignJoinLinks.$inferSelect;

export function serializeJoinLink(campaignId: string, row: Row | undefined, origin: string): JoinLink {
  if (!row) return { object: "join_link", campaign_id: campaignId, enabled: false, auto_approve: false, code: null, url: null, updated_at: null };
  return {
    object: "join_link",
    campaign_id: campaignId,
    enabled: row.enabled,
    auto_approve: row.autoApprove,
    code: row.code,
    url: `${origin}/join/${row.code}`,
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function findJoinLinkOfCampaign(tx: Tx, campaignId: string): Promise<Row | undefined> {
  const [row] = await tx.select().from(campaignJoinLinks).where(eq(campaignJoinLinks.campaignId, campaignId));
  return row;
}

/** The link, if it still has this code and is turned on. */
export async function findOpenJoinLink(tx: Tx, joinLinkId: string, code: string): Promise<Pick<Row, "autoApprove"> | undefined> {
  const [row] = await tx
    .select({ autoApprove: campaignJoinLinks.autoApprove })
    .from(campaignJoinLinks)
    .where(and(eq(campaignJoinLinks.id, joinLinkId), eq(campaignJoinLinks.code, code), eq(campaignJoinLinks.enabled, true)));
  return row;
}

/** Creates the campaign's join link (brand principal) with a fresh code, or changes its settings. */
export async function upsertJoinLink(tx: Tx, brandId: string, campaignId: string, values: { enabled?: boolean | undefined; autoApprove?: boolean | undefined; code?: string }): Promise<Row> {
  const set = {
    ...(values.enabled !== undefined && { enabled: values.enabled }),
    ...(values.autoApprove !== undefined && { autoApprove: values.autoApprove }),
    ...(values.code !== undefined && { code: values.code }),
    updatedAt: new Date(),
  };
  const [row] = await tx
    .insert(campaignJoinLinks)
    .values({ id: newId("joinLink"), brandId, campaignId, code: values.code ?? newJoinCode(), enabled: values.enabled ?? true, autoApprove: values.autoApprove ?? false })
    .onConflictDoUpdate({ target: campaignJoinLinks.campaignId, set })
    .returning();
  return row!;
}
