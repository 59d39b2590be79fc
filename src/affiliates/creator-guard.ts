import { eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { signedInSession } from "../auth/session-middleware";
import type { Tx } from "../db/client";
import { withPrincipal } from "../db/principal";
import { affiliates } from "../db/schema";
import type { DbVariables } from "../http/database";
import { ApiError } from "../http/errors";
import { requireVerifiedEmail } from "../teams/guard";

export interface CreatorAccess {
  affiliateId: string;
  userId: string;
}

export type CreatorVariables = { creator: CreatorAccess };

/**
 * The guard of creator routes (`/api/me/…` pages of a creator): a signed-in user with a
 * verified email whose account has a creator profile. The profile is found under the
 * user's own principal (affiliates RLS lets a user see the profile linked to them).
 */
export function creatorProfile(): MiddlewareHandler<{ Variables: DbVariables & CreatorVariables }> {
  return async function creatorProfileMiddleware(c, next) {
    requireVerifiedEmail(c);
    const { user } = signedInSession(c);
    const [row] = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, (tx) =>
      tx.select({ id: affiliates.id }).from(affiliates).where(eq(affiliates.userId, user.id)),
    );
    if (!row) throw new ApiError("forbidden", "This is for creators: your account has no creator profile.");
    c.set("creator", { affiliateId: row.id, userId: user.id });
    await next();
  };
}

export function creatorOf(c: Context): CreatorAccess {
  return c.get("creator") as CreatorAccess;
}

/** Runs `fn` as the guarded creator (affiliate principal, on behalf of its user). */
export function withCreator<T>(c: Context, fn: (tx: Tx, creator: CreatorAccess) => Promise<T>): Promise<T> {
  const creator = creatorOf(c);
  return withPrincipal(c.var.db(), { kind: "affiliate", affiliateId: creator.affiliateId, userId: creator.userId }, (tx) => fn(tx, creator));
}
