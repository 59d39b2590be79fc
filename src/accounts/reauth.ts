import type { Context } from "hono";
import { verifyPassword } from "../auth/passwords";
import { LIMITS, countFailure, refuseIfExhausted } from "../auth/rate-limits";
import type { AppConfigEnv } from "../infra/app/config";
import { withPrincipal } from "../infra/db/principal";
import type { DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { findSelf } from "./queries";

/**
 * Re-authentication for sensitive changes: the current password, checked in the request
 * itself, so a session cookie alone (a borrowed laptop, a stolen cookie) cannot change
 * the password or the address. Wrong guesses are rate limited per account.
 */
export async function confirmCurrentPassword<E extends AppConfigEnv & { Variables: DbVariables }>(c: Context<E>, userId: string, password: string): Promise<void> {
  const db = c.var.db();
  const check = { limit: LIMITS.reauthFailuresPerUser, subject: userId };
  await refuseIfExhausted(db, [check]);
  const user = await withPrincipal(db, { kind: "user", userId }, (tx) => findSelf(tx, userId));
  const { ok } = await verifyPassword(password, user?.passwordHash ?? null, c.var.config.PASSWORD_PEPPER);
  if (!ok) {
    await countFailure(db, [check]);
    throw new ApiError("invalid_request", "Invalid `current_password`: it is not your current password.", { param: "current_password" });
  }
}
