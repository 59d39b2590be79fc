import { and, asc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { newToken, TOKEN_TTL_MS } from "../auth/tokens";
import { sessionUser, type SessionUser } from "../auth/sessions";
import type { AppConfigEnv } from "../infra/app/config";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import { affiliates, authTokens, brandMembers, brands, users, type AuthTokenPurpose } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { serializeMe, type Me, type MembershipRow } from "./schemas";

type UserRow = typeof users.$inferSelect;

/** The signed-in user's own row (user principal). */
export async function findSelf(tx: Tx, userId: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(eq(users.id, userId));
  return row;
}

export async function loadSessionUser(tx: Tx, userId: string): Promise<SessionUser> {
  const row = await findSelf(tx, userId);
  if (!row) throw new Error(`user ${userId} vanished inside its own transaction`);
  return sessionUser(row);
}

const memberships = (tx: Tx) =>
  tx
    .select({ memberId: brandMembers.id, brandId: brands.id, brandName: brands.name, brandStatus: brands.status, role: brandMembers.role })
    .from(brandMembers)
    .innerJoin(brands, eq(brands.id, brandMembers.brandId));

/** The brands a user belongs to, oldest membership first (user principal). */
export function listMemberships(tx: Tx, userId: string): Promise<MembershipRow[]> {
  return memberships(tx).where(eq(brandMembers.userId, userId)).orderBy(asc(brandMembers.id));
}

/** The user's membership of one brand, if they have one (user principal). */
export async function findMembership(tx: Tx, userId: string, brandId: string): Promise<MembershipRow | undefined> {
  const [row] = await memberships(tx).where(and(eq(brandMembers.userId, userId), eq(brandMembers.brandId, brandId)));
  return row;
}

/** What `/api/me` answers: the user, their brands and their creator profile (user principal). */
export async function loadMe(tx: Tx, user: SessionUser): Promise<Me> {
  const [affiliate] = await tx.select({ id: affiliates.id, displayName: affiliates.displayName }).from(affiliates).where(eq(affiliates.userId, user.id));
  return serializeMe(user, await listMemberships(tx, user.id), affiliate ?? null);
}

/** A new account (its own user principal); the `users_email` unique violation tells a sign-up race. */
export async function insertUser(tx: Tx, values: { id: string; email: string; name: string | null; passwordHash: string }): Promise<void> {
  await tx.insert(users).values(values);
}

export async function setName(tx: Tx, userId: string, name: string | null): Promise<void> {
  await tx.update(users).set({ name, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** Replaces the password hash; `verifyEmail` also marks the address proven (a reset link reached the mailbox). */
export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string, opts: { verifyEmail?: boolean } = {}): Promise<void> {
  const now = new Date();
  await tx
    .update(users)
    .set({ passwordHash, updatedAt: now, ...(opts.verifyEmail && { emailVerifiedAt: now }) })
    .where(eq(users.id, userId));
}

export async function markEmailVerified(tx: Tx, userId: string): Promise<void> {
  await tx.update(users).set({ emailVerifiedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, userId));
}

/**
 * Moves the account, and its creator profile with it (brands reach the creator there), to
 * a proven address. Says which other record already uses the address instead, if one does
 * (Postgres has then aborted the transaction: the caller can only throw).
 */
export async function changeAccountEmail(tx: Tx, userId: string, email: string): Promise<"changed" | "taken_by_account" | "taken_by_creator_profile"> {
  try {
    await tx.update(users).set({ email, emailVerifiedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, userId));
    await tx.update(affiliates).set({ email, updatedAt: new Date() }).where(eq(affiliates.userId, userId));
    return "changed";
  } catch (err) {
    if (isUniqueViolation(err, "users_email")) return "taken_by_account";
    if (isUniqueViolation(err, "affiliates_email")) return "taken_by_creator_profile";
    throw err;
  }
}

/** Suspends or reinstates an account (platform-admin principal); undefined when there is no such account. */
export async function setSuspended(tx: Tx, userId: string, suspended: boolean): Promise<UserRow | undefined> {
  const [row] = await tx.update(users).set({ suspendedAt: suspended ? new Date() : null, updatedAt: new Date() }).where(eq(users.id, userId)).returning();
  return row;
}

/** Mints an emailed token for `userId` (user principal); returns the raw token for the link. */
export async function mintAuthToken(tx: Tx, userId: string, purpose: AuthTokenPurpose, email: string): Promise<string> {
  const { token, hash } = await newToken();
  await tx.insert(authTokens).values({ id: newId("authToken"), userId, purpose, tokenHash: hash, email, expiresAt: new Date(Date.now() + TOKEN_TTL_MS[purpose]) });
  return token;
}

/**
 * A dashboard link carrying a token in the fragment: fragments never reach a server, so
 * tokens stay out of access logs and Referer headers; the page posts it to the API.
 */
export function dashboardLink<E extends AppConfigEnv>(c: Context<E>, path: string, token?: string): string {
  return `${c.var.config.APP_ORIGIN}${path}${token ? `#token=${token}` : ""}`;
}
