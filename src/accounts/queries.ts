import { asc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { newToken, TOKEN_TTL_MS } from "../auth/tokens";
import { sessionUser, type SessionUser } from "../auth/sessions";
import type { AppConfigEnv } from "../infra/app/config";
import type { Tx } from "../infra/db/client";
import { affiliates, authTokens, brandMembers, brands, users, type AuthTokenPurpose } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { serializeMe, type Me, type MembershipRow } from "./schemas";

/** The signed-in user's own row (user principal). */
export async function findSelf(tx: Tx, userId: string): Promise<typeof users.$inferSelect | undefined> {
  const [row] = await tx.select().from(users).where(eq(users.id, userId));
  return row;
}

export async function loadSessionUser(tx: Tx, userId: string): Promise<SessionUser> {
  const row = await findSelf(tx, userId);
  if (!row) throw new Error(`user ${userId} vanished inside its own transaction`);
  return sessionUser(row);
}

/** The brands a user belongs to, oldest membership first (user principal). */
export function listMemberships(tx: Tx, userId: string): Promise<MembershipRow[]> {
  return tx
    .select({ memberId: brandMembers.id, brandId: brands.id, brandName: brands.name, brandStatus: brands.status, role: brandMembers.role })
    .from(brandMembers)
    .innerJoin(brands, eq(brands.id, brandMembers.brandId))
    .where(eq(brandMembers.userId, userId))
    .orderBy(asc(brandMembers.id));
}

/** What `/api/me` answers: the user, their brands and their creator profile (user principal). */
export async function loadMe(tx: Tx, user: SessionUser): Promise<Me> {
  const [affiliate] = await tx.select({ id: affiliates.id, displayName: affiliates.displayName }).from(affiliates).where(eq(affiliates.userId, user.id));
  return serializeMe(user, await listMemberships(tx, user.id), affiliate ?? null);
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
