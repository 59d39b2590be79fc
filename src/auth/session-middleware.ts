import type { Context, MiddlewareHandler } from "hono";
import type { AppConfigEnv } from "../infra/app/config";
import type { DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { SESSION_COOKIE, readCookie } from "./cookies";
import { isId } from "../infra/ids";
import { clearSessionCookie, resolveSession, type CurrentSession, type PathMembership } from "./sessions";

export type SessionVariables = { session: CurrentSession | null; sessionSuspended: boolean; pathMembership: PathMembership | null };

/** `/api/brands/{brandId}/…`: the brand id of the path, if it has one of the right shape. */
const BRAND_PATH = /^\/api\/brands\/(brd_[0-9a-z]+)(?:\/|$)/;

/** Resolves the session cookie, when there is one, into `c.var.session` (null otherwise). */
export function sessionCookieAuth(): MiddlewareHandler<AppConfigEnv & { Variables: SessionVariables & DbVariables }> {
  return async function sessionCookieAuthMiddleware(c, next) {
    c.set("session", null);
    c.set("sessionSuspended", false);
    c.set("pathMembership", null);
    const cookie = readCookie(c, SESSION_COOKIE);
    if (cookie) {
      const brandId = BRAND_PATH.exec(c.req.path)?.[1];
      const found = await resolveSession(c.var.db(), c.var.config.SESSION_SECRET, cookie, brandId && isId("brand", brandId) ? brandId : undefined);
      if (found.status === "ok") {
        c.set("session", found.session);
        c.set("pathMembership", found.membership ?? null);
      } else {
        c.set("sessionSuspended", found.status === "suspended");
        // A dead cookie is dropped so the browser stops sending it.
        clearSessionCookie(c);
      }
    }
    await next();
  };
}

/** The signed-in session; 401 (or 403 for a suspended account) when there is none. */
export function signedInSession(c: Context): CurrentSession {
  const session = c.get("session") as CurrentSession | null | undefined;
  if (session) return session;
  if (c.get("sessionSuspended")) throw new ApiError("account_suspended", "This account is suspended. Contact support@rekomi.com.");
  throw new ApiError("unauthorized", "Sign in first.");
}
