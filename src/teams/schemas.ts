import { z } from "@hono/zod-openapi";
import { Email } from "../accounts/schemas";
import { BRAND_ROLES, INVITABLE_ROLES, type BrandRole, type invitations } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";

export const Member = z
  .object({
    object: z.literal("member"),
    id: z.string(),
    user_id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    role: z.enum(BRAND_ROLES),
    created_at: Timestamp,
  })
  .openapi("Member");
export type Member = z.infer<typeof Member>;

export const MemberList = z.object({ data: z.array(Member) });

export const UpdateMember = z.object({ role: z.enum(BRAND_ROLES) }).openapi("UpdateMember");
export const TransferOwnership = z.object({ member_id: z.string().regex(/^mem_[0-9a-z]{26}$/, "must be a member id (mem_…)") }).openapi("TransferOwnership");

export const CreateInvitation = z
  .object({ email: Email, role: z.enum(INVITABLE_ROLES).openapi({ description: "Ownership is transferred, never invited." }) })
  .openapi("CreateInvitation");

export const INVITATION_STATES = ["pending", "accepted", "revoked", "expired", "unavailable"] as const;

export const Invitation = z
  .object({
    object: z.literal("invitation"),
    id: z.string(),
    email: z.string(),
    role: z.enum(INVITABLE_ROLES),
    state: z.enum(INVITATION_STATES),
    expires_at: Timestamp,
    created_at: Timestamp,
  })
  .openapi("Invitation");
export type Invitation = z.infer<typeof Invitation>;

export const InvitationPreview = z
  .object({ brand_name: z.string(), email: z.string(), role: z.string(), state: z.enum(INVITATION_STATES) })
  .openapi("InvitationPreview");

export const Joined = z.object({ brand_id: z.string(), member_id: z.string(), role: z.enum(BRAND_ROLES) }).openapi("Joined");

export interface MemberRow {
  id: string;
  userId: string;
  email: string | null;
  name: string | null;
  role: BrandRole;
  createdAt: Date;
}

export function serializeMember(m: MemberRow): Member {
  return { object: "member", id: m.id, user_id: m.userId, email: m.email, name: m.name, role: m.role, created_at: m.createdAt.toISOString() };
}

export function invitationState(i: typeof invitations.$inferSelect): (typeof INVITATION_STATES)[number] {
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "revoked";
  if (i.expiresAt.getTime() <= Date.now()) return "expired";
  return "pending";
}

export function serializeInvitation(i: typeof invitations.$inferSelect): Invitation {
  return {
    object: "invitation",
    id: i.id,
    email: i.email,
    role: i.role,
    state: invitationState(i),
    expires_at: i.expiresAt.toISOString(),
    created_at: i.createdAt.toISOString(),
  };
}
