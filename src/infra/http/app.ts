import { Hono, type Context, type Env as HonoEnv } from "hono";
import { HTTPException } from "hono/http-exception";
import { loggableError } from "../db/errors";
import { DomainError } from "../domain-error";
import { ApiError, ERROR_STATUS, errorBody, type ErrorCode } from "./errors";
import { requestId, type RequestIdVariables } from "./request-id";

const CODE_FOR_STATUS: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]).reverse(),
);

/**
 * Renders any thrown value as the one error envelope; only real bugs become a 500.
 * Context-free, for the edge's hot paths that run before the router.
 */
export function errorResponse(err: unknown, requestId: string): Response {
  const json = (body: unknown, status: number, headers?: Record<string, string>) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "request-id": requestId, ...headers } });
  if (err instanceof ApiError) return json(errorBody(err.code, err.message, requestId, err.param), err.status, err.headers);
  if (err instanceof DomainError) return json(errorBody(err.code, err.message, requestId, err.param), ERROR_STATUS[err.code]);
  if (err instanceof HTTPException && err.status < 500) {
    // Thrown by Hono itself (malformed JSON, body limit): keep the status, use our envelope.
    const code = CODE_FOR_STATUS[err.status] ?? "invalid_request";
    return json(errorBody(code, err.message || "Bad request.", requestId), err.status);
  }
  // Never String(err) or err.stack: a failed query's message carries its parameters (bodies, emails).
  console.error(JSON.stringify({ level: "error", request_id: requestId, message: "unexpected error", error: loggableError(err) }));
  return json(errorBody("internal_error", "Something went wrong on our side. Quote the request id when you contact support.", requestId), 500);
}

/** `errorResponse` for Hono apps (the request id comes from the requestId middleware). */
export function renderError(err: unknown, c: Context): Response {
  return errorResponse(err, c.get("requestId") ?? "req_unknown");
}

/**
 * The one app factory: every worker builds its Hono app here so that request ids, the
 * error envelope and the 404 behave identically everywhere. (OpenAPI routes live on
 * sub-apps built with `openApiApp()`, so the edge bundle stays free of it.)
 */
export function createApp<E extends HonoEnv>() {
  type Full = E & { Variables: RequestIdVariables };
  const app = new Hono<Full>();
  app.use("*", requestId());
  app.onError((err, c) => renderError(err, c));
  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}.`, c.get("requestId")), 404));
  return app;
}

export type App<E extends HonoEnv> = ReturnType<typeof createApp<E>>;
