import { ApiError } from "./errors";

/**
 * The one text rule at every boundary: Postgres cannot store U+0000 in `text` or `jsonb`,
 * and a string that is not well-formed UTF-16 (an unpaired surrogate) has no UTF-8 form at
 * all. Either would be accepted by zod and fail only deep inside a transaction (a 500, or
 * an event accepted by the edge that the consumer can never store), so they are refused
 * where input is parsed, with the field named.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when Postgres can store `s` as text. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/**
 * The dotted path of the first string (value or object key) in `value` that Postgres
 * cannot store, or null. `""` is the value itself.
 */
export function unstorableTextPath(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path.join(".");
  if (typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextPath(value[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    // A bad key is named by a printable version of itself.
    if (!isStorableText(key)) return [...path, printable(key)].join(".");
    const found = unstorableTextPath(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** `s` with every unstorable character replaced by U+FFFD, for messages and logs. */
export function printable(s: string): string {
  return s.replace(new RegExp(UNSTORABLE.source, "g"), "\uFFFD");
}

/** Throws the 400 naming the first field of `value` that holds unstorable text. */
export function refuseUnstorableText(value: unknown, target = "request body"): void {
  const path = unstorableTextPath(value);
  if (path === null) return;
  throw new ApiError(
    "invalid_request",
    `Invalid ${path ? `\`${path}\`` : target}: text must not contain NUL (U+0000) or unpaired UTF-16 surrogates.`,
    path ? { param: path } : {},
  );
}
