import type { Context, MiddlewareHandler } from "hono";
import type { AppConfigEnv } from "../infra/app/config";
import type { DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { SESSION_COOKIE, readCookie } from "./cookies";
import { clearSessionCookie, resolveSession, type CurrentSession } from "./sessions";

export type SessionVariables = { session: CurrentSession | null; sessionSuspended: boolean };

/** Resolves the session cookie, when there is one, into `c.var.session` (null otherwise). */
export function sessionCookieAuth(): MiddlewareHandler<AppConfigEnv & { Variables: SessionVariables & DbVariables }> {
  return async function sessionCookieAuthMiddleware(c, next) {
    c.set("session", null);
    c.set("sessionSuspended", false);
    const cookie = readCookie(c, SESSION_COOKIE);
    if (cookie) {
      const found = await resolveSession(c.var.db(), c.var.config.SESSION_SECRET, cookie);
      if (found.status === "ok") c.set("session", found.session);
      else {
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
