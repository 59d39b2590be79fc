import type { MiddlewareHandler } from "hono";
import { newId } from "../ids";

export type RequestIdVariables = { requestId: string };

/** Gives every request a `req_…` id, echoed in the `Request-Id` header and in error bodies. */
export function requestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async function requestIdMiddleware(c, next) {
    const id = newId("request");
    c.set("requestId", id);
    await next();
    c.res.headers.set("Request-Id", id);
  };
}
