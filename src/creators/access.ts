import type { Context, MiddlewareHandler } from "hono";
import { signedInSession } from "../auth/session-middleware";
import type { Tx } from "../infra/db/client";
import { withPrincipal } from "../infra/db/principal";
import type { NetworkStatus } from "../infra/db/schema";
import type { DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { requireVerifiedEmail } from "../teams/guard";
import { findProfileOfUser } from "./queries";

export interface CreatorAccess {
  affiliateId: string;
  userId: string;
  networkStatus: NetworkStatus;
}

export type CreatorVariables = { creator: CreatorAccess };

export const NO_PROFILE_MESSAGE = "You have no creator profile yet: create it first (Creator → Profile).";

/**
 * The guard of creator routes (`/api/creator/…`): a signed-in user with a verified email
 * (brands see a creator's address once they work together, so it must be theirs) who has
 * a creator profile. The profile is found from the session's user, never from the request.
 */
export const creatorProfileGuard: MiddlewareHandler<{ Variables: DbVariables & CreatorVariables }> = async function creatorProfileMiddleware(c, next) {
  requireVerifiedEmail(c);
  const { user } = signedInSession(c);
  const profile = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, (tx) => findProfileOfUser(tx, user.id));
  if (!profile) throw new ApiError("not_found", NO_PROFILE_MESSAGE);
  c.set("creator", { affiliateId: profile.id, userId: user.id, networkStatus: profile.networkStatus });
  await next();
};

export function creatorOf(c: Context): CreatorAccess {
  return c.get("creator") as CreatorAccess;
}

/** Runs `fn` as the guarded creator (affiliate principal, on behalf of the signed-in user). */
export function withCreator<T>(c: Context, fn: (tx: Tx, creator: CreatorAccess) => Promise<T>): Promise<T> {
  const creator = creatorOf(c);
  return withPrincipal(c.var.db(), { kind: "affiliate", affiliateId: creator.affiliateId, userId: creator.userId }, (tx) => fn(tx, creator));
}
