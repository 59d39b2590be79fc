import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import { brandMembers, invitations, users, type BrandRole } from "../infra/db/schema";
import type { MemberRow } from "./schemas";

type InvitationRow = typeof invitations.$inferSelect;

/** The brand's team with names and emails, oldest first (brand principal). */
export function listMembers(tx: Tx): Promise<MemberRow[]> {
  return tx
    .select({ id: brandMembers.id, userId: brandMembers.userId, email: users.email, name: users.name, role: brandMembers.role, createdAt: brandMembers.createdAt })
    .from(brandMembers)
    .leftJoin(users, eq(users.id, brandMembers.userId))
    .orderBy(asc(brandMembers.id));
}

/**
 * Every member row of the brand, locked until the transaction ends: role changes and
 * removals are serialized, so two owners demoting each other at once cannot leave the
 * brand without an owner.
 */
export async function lockTeam(tx: Tx, brandId: string) {
  const rows = await tx.select().from(brandMembers).where(eq(brandMembers.brandId, brandId)).orderBy(asc(brandMembers.id)).for("update");
  return { rows, owners: rows.filter((r) => r.role === "owner").length };
}

/** Whether someone on the team signs in with `email` (lower-cased). */
export async function isOnTeam(tx: Tx, email: string): Promise<boolean> {
  const [member] = await tx
    .select({ id: brandMembers.id })
    .from(brandMembers)
    .innerJoin(users, eq(users.id, brandMembers.userId))
    .where(sql`lower(${users.email}) = ${email}`);
  return member !== undefined;
}

/** Adds `userId` to the brand; undefined when they are a member already (the transaction is then aborted: throw). */
export async function addMember(tx: Tx, member: { id: string; brandId: string; userId: string; role: BrandRole }): Promise<string | undefined> {
  try {
    await tx.insert(brandMembers).values(member);
    return member.id;
  } catch (err) {
    if (isUniqueViolation(err, "brand_members_brand_user")) return undefined;
    throw err;
  }
}

export async function setRole(tx: Tx, memberId: string, role: MemberRow["role"]): Promise<void> {
  await tx.update(brandMembers).set({ role, updatedAt: new Date() }).where(eq(brandMembers.id, memberId));
}

export async function removeMember(tx: Tx, brandId: string, memberId: string): Promise<void> {
  await tx.delete(brandMembers).where(and(eq(brandMembers.id, memberId), eq(brandMembers.brandId, brandId)));
}

const open = () => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

/** Invitations neither accepted nor revoked, newest first (expired ones too, so they can be sent again). */
export function listOpenInvitations(tx: Tx): Promise<InvitationRow[]> {
  return tx.select().from(invitations).where(open()).orderBy(desc(invitations.id)).limit(200);
}

export async function insertInvitation(tx: Tx, values: typeof invitations.$inferInsert): Promise<InvitationRow> {
  const [row] = await tx.insert(invitations).values(values).returning();
  return row!;
}

/** Revokes one open invitation; undefined when there is none by that id. */
export async function revokeInvitation(tx: Tx, id: string): Promise<InvitationRow | undefined> {
  const [row] = await tx.update(invitations).set({ revokedAt: new Date() }).where(and(eq(invitations.id, id), open())).returning();
  return row;
}

/** Revokes the open invitations of one address (lower-cased): inviting again replaces them. */
export async function revokeOpenInvitationsTo(tx: Tx, email: string): Promise<void> {
  await tx.update(invitations).set({ revokedAt: new Date() }).where(and(sql`lower(${invitations.email}) = ${email}`, open()));
}

/**
 * Spends an invitation for `userId` with a conditional update, so a link joins once even
 * when clicked twice at once; undefined when it is no longer open or has expired.
 */
export async function spendInvitation(tx: Tx, id: string, userId: string): Promise<InvitationRow | undefined> {
  const [spent] = await tx
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedByUserId: userId })
    .where(and(eq(invitations.id, id), open(), gt(invitations.expiresAt, new Date())))
    .returning();
  return spent;
}
