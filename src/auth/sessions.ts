import { and, eq, isNull, ne } from "drizzle-orm";
import type { Context } from "hono";
import type { Db, Tx } from "../infra/db/client";
import { readAs, withPrincipal } from "../infra/db/principal";
import { brandMembers, brands, sessions, users } from "../infra/db/schema";
import type { MembershipRow } from "../accounts/schemas";
import { newId } from "../infra/ids";
import type { ClientInfo } from "./client-info";
import { DEVICE_COOKIE, SESSION_COOKIE, clearCookie, writeCookie } from "./cookies";
import { signDeviceJwt, signSessionJwt, verifySessionJwt } from "./session-jwt";

/** A session lives 30 days at most, and dies after 7 days without use. */
export const SESSION_TTL_MS = 30 * 24 * 3600_000;
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
/** last_seen_at is refreshed at most this often, so reads stay reads. */
const TOUCH_AFTER_MS = 5 * 60_000;
const DEVICE_TTL_MS = 365 * 24 * 3600_000;

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  isPlatformAdmin: boolean;
  createdAt: Date;
}

export interface CurrentSession {
  id: string;
  user: SessionUser;
}

/** The signed-in user's membership of the brand a request's path names (null: none), read with the session. */
export interface PathMembership {
  brandId: string;
  row: MembershipRow | null;
}

export type SessionLookup = { status: "ok"; session: CurrentSession; membership?: PathMembership } | { status: "none" } | { status: "suspended" };

type UserRow = typeof users.$inferSelect;

export function sessionUser(u: UserRow): SessionUser {
  return { id: u.id, email: u.email, name: u.name, emailVerified: u.emailVerifiedAt !== null, isPlatformAdmin: u.isPlatformAdmin, createdAt: u.createdAt };
}

/** Creates a session row for `userId` inside the caller's user-principal transaction. */
export async function insertSession(tx: Tx, userId: string, client: ClientInfo): Promise<{ id: string; expiresAt: Date }> {
  const id = newId("session");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await tx.insert(sessions).values({ id, userId, ip: client.ip, userAgent: client.userAgent, expiresAt });
  return { id, expiresAt };
}

/** Sets the session cookie, and the device cookie that marks this browser as known. */
export async function issueSessionCookies(c: Context, secret: string, userId: string, session: { id: string; expiresAt: Date }): Promise<void> {
  writeCookie(c, SESSION_COOKIE, await signSessionJwt(secret, { sessionId: session.id, userId }, session.expiresAt), session.expiresAt);
  const deviceExpires = new Date(Date.now() + DEVICE_TTL_MS);
  writeCookie(c, DEVICE_COOKIE, await signDeviceJwt(secret, userId, deviceExpires), deviceExpires);
}

export function clearSessionCookie(c: Context): void {
  clearCookie(c, SESSION_COOKIE);
}

/**
 * Cookie → live session. The JWT's signature proves which user and session it names; the
 * row decides whether that session is still alive (not revoked, expired or idle) and the
 * user not suspended. The user id from the verified JWT is the principal of the lookup.
 */
export async function resolveSession(db: Db, secret: string, cookie: string, brandId?: string): Promise<SessionLookup> {
  const claims = await verifySessionJwt(secret, cookie);
  if (!claims) return { status: "none" };
  const principal = { kind: "user", userId: claims.userId } as const;
  // Every request reads the row (a revoked session dies at once); a read-only transaction,
  // whose COMMIT the request's next transaction carries (src/infra/db/client.ts).
  // With a brand in the path, the user's membership of it comes in the same statement (the
  // brand guard's question, under the same user principal): one round trip fewer.
  const row = await readAs(db, principal, async (tx) => {
    if (!brandId) {
      const [found] = await tx
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.id, claims.sessionId), eq(sessions.userId, claims.userId)));
      return found && { ...found, membership: undefined };
    }
    const [found] = await tx
      .select({ session: sessions, user: users, memberId: brandMembers.id, brandName: brands.name, brandStatus: brands.status, role: brandMembers.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(brandMembers, and(eq(brandMembers.userId, users.id), eq(brandMembers.brandId, brandId)))
      .leftJoin(brands, eq(brands.id, brandMembers.brandId))
      .where(and(eq(sessions.id, claims.sessionId), eq(sessions.userId, claims.userId)));
    if (!found) return undefined;
    const { memberId, brandName, brandStatus, role } = found;
    // As findMembership: a membership whose brand this user cannot see is none.
    const membership: PathMembership = { brandId, row: memberId && brandName !== null && brandStatus !== null && role ? { memberId, brandId, brandName, brandStatus, role } : null };
    return { session: found.session, user: found.user, membership };
  });
  const now = Date.now();
  if (!row || row.session.revokedAt || row.session.expiresAt.getTime() <= now || row.session.lastSeenAt.getTime() <= now - SESSION_IDLE_MS) {
    return { status: "none" };
  }
  if (row.user.suspendedAt) return { status: "suspended" };
  if (row.session.lastSeenAt.getTime() < now - TOUCH_AFTER_MS) {
    // At most once per TOUCH_AFTER_MS: a write of its own. Only a live, unrevoked row moves.
    await withPrincipal(db, principal, (tx) =>
      tx.update(sessions).set({ lastSeenAt: new Date(now) }).where(and(eq(sessions.id, row.session.id), isNull(sessions.revokedAt))),
    );
  }
  return { status: "ok", session: { id: row.session.id, user: sessionUser(row.user) }, ...(row.membership && { membership: row.membership }) };
}

/** Ends one session (sign-out). */
export async function revokeSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every live session of a user, but `exceptId` (password change, suspension). */
export async function revokeUserSessions(tx: Tx, userId: string, exceptId?: string): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptId ? ne(sessions.id, exceptId) : undefined));
}
