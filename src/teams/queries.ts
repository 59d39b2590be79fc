import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { brandMembers, users } from "../infra/db/schema";
import type { MemberRow } from "./schemas";

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

export async function setRole(tx: Tx, memberId: string, role: MemberRow["role"]): Promise<void> {
  await tx.update(brandMembers).set({ role, updatedAt: new Date() }).where(eq(brandMembers.id, memberId));
}

export async function removeMember(tx: Tx, brandId: string, memberId: string): Promise<void> {
  await tx.delete(brandMembers).where(and(eq(brandMembers.id, memberId), eq(brandMembers.brandId, brandId)));
}
