import { z } from "@hono/zod-openapi";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, creatorInvitations } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";
import { Email, LinkToken } from "../accounts/schemas";
import { CampaignCard } from "./card";

export const CreateCreatorInvitation = z
  .object({
    email: Email.optional().openapi({ description: "Invite anyone by address…" }),
    affiliate_id: z
      .string()
      .regex(/^aff_[0-9a-z]{26}$/, "must be an id starting with aff_")
      .optional()
      .openapi({ description: "…or a network creator (from recommended creators): the mail goes to their address, which you never see." }),
    message: z.string().trim().max(1000).optional().openapi({ description: "A note included in the email." }),
  })
  .strict()
  .refine((v) => (v.email === undefined) !== (v.affiliate_id === undefined), { message: "give exactly one of `email` or `affiliate_id`", path: ["email"] })
  .openapi("CreateCreatorInvitation");

export const CREATOR_INVITATION_STATES = ["pending", "accepted", "revoked", "expired"] as const;

export const CreatorInvitation = z
  .object({
    object: z.literal("creator_invitation"),
    id: z.string(),
    campaign_id: z.string(),
    email: z.string().nullable().openapi({ description: "The address invited; null when a network creator was invited by profile." }),
    affiliate: z.object({ id: z.string(), display_name: z.string() }).nullable(),
    state: z.enum(CREATOR_INVITATION_STATES),
    expires_at: Timestamp,
    accepted_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .openapi("CreatorInvitation");
export type CreatorInvitation = z.infer<typeof CreatorInvitation>;

export const CreatorInvitationPreview = CampaignCard.extend({
  email: z.string().openapi({ description: "The address the invitation was sent to." }),
  state: z.enum(["pending", "accepted", "revoked", "expired", "unavailable"]),
}).openapi("CreatorInvitationPreview");

export const CreatorInvitationToken = LinkToken.openapi("CreatorInvitationToken");

type Row = typeof creatorInvitations.$inferSelect;

export function invitationState(r: Row, now = Date.now()): CreatorInvitation["state"] {
  if (r.acceptedAt) return "accepted";
  if (r.revokedAt) return "revoked";
  return r.expiresAt.getTime() <= now ? "expired" : "pending";
}

export function serializeCreatorInvitation(r: Row, affiliate: { id: string; displayName: string } | null): CreatorInvitation {
  return {
    object: "creator_invitation",
    id: r.id,
    campaign_id: r.campaignId,
    email: r.affiliateId ? null : r.email,
    affiliate: affiliate ? { id: affiliate.id, display_name: affiliate.displayName } : null,
    state: invitationState(r),
    expires_at: r.expiresAt.toISOString(),
    accepted_at: r.acceptedAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
  };
}

/** A campaign's invitations, newest first (`limit + 1` rows), with the invited network creator if any. */
export async function listCreatorInvitations(tx: Tx, campaignId: string, opts: { limit: number; before?: string | undefined }) {
  const rows = await tx
    .select({ invitation: creatorInvitations, affiliate: { id: affiliates.id, displayName: affiliates.displayName } })
    .from(creatorInvitations)
    .leftJoin(affiliates, eq(affiliates.id, creatorInvitations.affiliateId))
    .where(and(eq(creatorInvitations.campaignId, campaignId), opts.before ? lt(creatorInvitations.id, opts.before) : undefined))
    .orderBy(desc(creatorInvitations.id))
    .limit(opts.limit + 1);
  return rows.map((r) => ({ id: r.invitation.id, ...r }));
}

/** Revokes the open invitations of one address to one campaign (inviting again replaces them). */
export async function revokeOpenInvitations(tx: Tx, campaignId: string, email: string): Promise<void> {
  await tx
    .update(creatorInvitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(creatorInvitations.campaignId, campaignId), sql`lower(${creatorInvitations.email}) = lower(${email})`, isNull(creatorInvitations.acceptedAt), isNull(creatorInvitations.revokedAt)));
}

export async function insertCreatorInvitation(tx: Tx, values: typeof creatorInvitations.$inferInsert): Promise<Row> {
  const [row] = await tx.insert(creatorInvitations).values(values).returning();
  return row!;
}

export async function findCampaignInvitation(tx: Tx, campaignId: string, id: string): Promise<Row | undefined> {
  const [row] = await tx
    .select()
    .from(creatorInvitations)
    .where(and(eq(creatorInvitations.id, id), eq(creatorInvitations.campaignId, campaignId)));
  return row;
}

/** Revokes an invitation not yet accepted, keeping the first revocation's time; undefined once accepted. */
export async function revokeCreatorInvitation(tx: Tx, current: Row): Promise<Row | undefined> {
  const [row] = await tx
    .update(creatorInvitations)
    .set({ revokedAt: current.revokedAt ?? new Date() })
    .where(and(eq(creatorInvitations.id, current.id), isNull(creatorInvitations.acceptedAt)))
    .returning();
  return row;
}

/**
 * Spends an invitation for the creator `affiliateId` with a conditional update, so a link
 * enrolls once even when clicked twice at once; false when it is no longer open or has expired.
 */
export async function spendCreatorInvitation(tx: Tx, id: string, affiliateId: string): Promise<boolean> {
  const [spent] = await tx
    .update(creatorInvitations)
    .set({ acceptedAt: new Date(), acceptedByAffiliateId: affiliateId })
    .where(and(eq(creatorInvitations.id, id), isNull(creatorInvitations.acceptedAt), isNull(creatorInvitations.revokedAt), gt(creatorInvitations.expiresAt, new Date())))
    .returning({ id: creatorInvitations.id });
  return spent !== undefined;
}
