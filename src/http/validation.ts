import type { ZodError } from "zod";
import { ApiError } from "./errors";

/**
 * Turns a zod failure into the envelope, naming the first offending field. Raw validator
 * output never reaches a client: it leaks internals and is hard to act on.
 */
export function validationError(error: ZodError, target: string): ApiError {
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

/** The hook handed to every validator: throwing makes `onError` answer with the envelope. */
export function validationHook(result: { success: boolean; error?: unknown; target: string }): void {
  if (!result.success) throw validationError(result.error as ZodError, result.target);
}
