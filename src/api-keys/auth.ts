import type { MiddlewareHandler } from "hono";
import type { DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { authenticateApiKey } from "../infra/db/lookups";
import { hashApiKey, isApiKeyShaped } from "./keys";

export type ApiKeyVariables = DbVariables & { brand: { id: string; keyId: string } };

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="rekomi"' };

/** `Authorization: Bearer rk_live_…` → the brand that owns the key (401 otherwise). */
export function apiKeyAuth(): MiddlewareHandler<{ Variables: ApiKeyVariables }> {
  return async function apiKeyAuthMiddleware(c, next) {
    const header = c.req.header("authorization");
    if (!header) {
      throw new ApiError("unauthorized", "Missing API key: send `Authorization: Bearer <api key>`.", { headers: CHALLENGE });
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !isApiKeyShaped(match[1]!)) {
      throw new ApiError("unauthorized", "Malformed API key: expected `Authorization: Bearer rk_live_…`.", { headers: CHALLENGE });
    }
    const found = await authenticateApiKey(c.var.db(), await hashApiKey(match[1]!));
    if (!found) throw new ApiError("unauthorized", "Invalid or revoked API key.", { headers: CHALLENGE });
    c.set("brand", { id: found.brandId, keyId: found.keyId });
    await next();
  };
}
