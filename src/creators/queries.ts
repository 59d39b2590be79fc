import { eq } from "drizzle-orm";
import type { SessionUser } from "../auth/sessions";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import { affiliates } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { CreateCreatorProfile, profileColumns } from "./schemas";

type AffiliateRow = typeof affiliates.$inferSelect;

/** The creator profile of a user (user or affiliate principal of that user). */
export async function findProfileOfUser(tx: Tx, userId: string): Promise<AffiliateRow | undefined> {
  const [row] = await tx.select().from(affiliates).where(eq(affiliates.userId, userId));
  return row;
}

/**
 * Creates the user's ONE creator profile (user principal). Its email is the account's
 * verified address: brands that work with the creator reach them there.
 */
export async function createProfile(tx: Tx, user: SessionUser, input: CreateCreatorProfile): Promise<AffiliateRow> {
  try {
    const [row] = await tx
      .insert(affiliates)
      .values({ id: newId("affiliate"), userId: user.id, email: user.email, displayName: input.display_name, ...profileColumns(input) })
      .returning();
    return row!;
  } catch (err) {
    if (isUniqueViolation(err, "affiliates_user")) throw new DomainError("conflict", "You already have a creator profile: edit it instead.");
    if (isUniqueViolation(err, "affiliates_email")) {
      throw new DomainError("conflict", `Another creator profile already uses ${user.email}. Contact support@rekomi.com to claim it.`);
    }
    throw err;
  }
}

/** The user's profile, or a minimal new one (joining through a link or an invitation makes one). */
export async function ensureProfile(tx: Tx, user: SessionUser): Promise<AffiliateRow> {
  const existing = await findProfileOfUser(tx, user.id);
  if (existing) return existing;
  // The same schema as a profile made by hand, so the defaults are its defaults.
  const displayName = (user.name?.trim() || user.email.split("@")[0]!).slice(0, 80);
  return createProfile(tx, user, CreateCreatorProfile.parse({ display_name: displayName }));
}

export async function updateProfile(tx: Tx, affiliateId: string, values: Partial<typeof affiliates.$inferInsert>): Promise<AffiliateRow> {
  const [row] = await tx
    .update(affiliates)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(affiliates.id, affiliateId))
    .returning();
  return row!;
}
