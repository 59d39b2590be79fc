import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./errors";
import { refuseUnstorableText } from "./text";

const MAX_BODY_BYTES = 256 * 1024;
const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KB.`);
  },
});

/**
 * Request bodies must be JSON (clear 415 otherwise), at most 256 KB, and hold no text
 * Postgres cannot store (400 naming the field), except on
 * `uploadPaths`, whose body is a file that the route reads itself (src/infra/http/upload.ts)
 * after its guards, with its own type and size rules.
 */
export function jsonBodies(opts: { uploadPaths?: readonly string[] } = {}): MiddlewareHandler {
  const uploads = new Set(opts.uploadPaths);
  return async function jsonBodiesMiddleware(c, next) {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS" || c.req.method === "DELETE") return next();
    if (uploads.has(c.req.path)) return next();
    // Actions without a body (POST …/rotate-secret) need no content type.
    const hasBody = c.req.header("transfer-encoding") !== undefined || Number(c.req.header("content-length") ?? 0) > 0;
    if (!hasBody) return next();
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/json\b/i.test(type)) {
      throw new ApiError("unsupported_media_type", "Send the request body as JSON with `Content-Type: application/json`.");
    }
    return limit(c, async () => {
      await refuseUnstorableJson(c);
      await next();
    });
  };
}

/**
 * The text rule (src/infra/http/text.ts) on the parsed body, before any schema sees it, so the
 * field is named even when something else in the body is also wrong. Hono caches the
 * parsed body for the route's validator; malformed JSON is left to it.
 */
async function refuseUnstorableJson(c: Context): Promise<void> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return;
  }
  refuseUnstorableText(json);
}

/** Query strings get the text rule on every route (writes and reads) before validation. */
export const storableQueries: MiddlewareHandler = async function storableQueriesMiddleware(c, next) {
  if (c.req.url.includes("?")) refuseUnstorableText(c.req.query(), "query string");
  return next();
};
