import type { $ZodError } from "zod/v4/core";
import { ApiError } from "./errors";
import { refuseUnstorableText } from "./text";

/**
 * Turns a zod failure (classic or mini: both are zod v4 core errors) into the envelope,
 * naming the first offending field. Raw validator output never reaches a client: it leaks
 * internals and is hard to act on.
 */
export function validationError(error: $ZodError, target: string): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError("invalid_request", `Invalid ${target}.`);
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) {
    // A typo in a field name must say which field, not just "invalid body".
    const param = [...issue.path.map(String), issue.keys[0]].join(".");
    return new ApiError("invalid_request", `Unknown field \`${param}\`.`, { param });
  }
  const param = issue.path.map(String).join(".") || undefined;
  const where = param ? `\`${param}\`` : target === "json" ? "request body" : target;
  return new ApiError("invalid_request", `Invalid ${where}: ${issue.message}`, param ? { param } : {});
}

const TARGET_NAMES: Record<string, string> = { json: "request body", query: "query string", param: "path", form: "form body", header: "headers", cookie: "cookies" };

/**
 * The hook handed to every validator of /v1 and the dashboard API: throwing makes
 * `onError` answer with the envelope. Valid input also passes the one text rule
 * (src/infra/http/text.ts) here, so every body, query string and path parameter of every route
 * gets it without code in the route.
 */
export function validationHook(result: { success: boolean; error?: unknown; data?: unknown; target: string }): void {
  if (!result.success) throw validationError(result.error as $ZodError, result.target);
  refuseUnstorableText(result.data, TARGET_NAMES[result.target] ?? result.target);
}
