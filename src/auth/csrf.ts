import type { MiddlewareHandler } from "hono";
import type { AppConfigEnv } from "../infra/app/config";
import { ApiError } from "../infra/http/errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must come from the dashboard itself. Browsers send
 * `Sec-Fetch-Site` and `Origin` on every cross-origin POST and cannot be made to forge
 * them; a write without either is refused too (scripts and servers use /v1 with an API
 * key). Together with JSON-only bodies (a form cannot send `application/json`), this is
 * the CSRF defence; SameSite=Lax cookies are the second line.
 */
export function sameOriginWrites(): MiddlewareHandler<AppConfigEnv> {
  return async function sameOriginWritesMiddleware(c, next) {
    if (SAFE.has(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    if (site !== undefined && site !== "same-origin") {
      throw new ApiError("forbidden", "Cross-site request refused: the dashboard API accepts writes from the dashboard only.");
    }
    if (origin === undefined && site === undefined) {
      throw new ApiError("forbidden", "Missing `Origin` header: the dashboard API accepts writes from the dashboard only (use /v1 with an API key from scripts).");
    }
    if (origin !== undefined && origin !== c.var.config.APP_ORIGIN) {
      throw new ApiError("forbidden", `Cross-origin request refused: \`${origin}\` is not this dashboard's origin.`);
    }
    await next();
  };
}
