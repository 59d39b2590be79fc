import { z } from "@hono/zod-openapi";
import { fromBase64, toBase64Url } from "../encoding";
import { ApiError } from "./errors";

/** Query parameters every list endpoint accepts. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Page size, 1 to 100." }),
  cursor: z.string().max(200).optional().openapi({ description: "`next_cursor` of the previous page." }),
});

/** The list envelope: `{ data, has_more, next_cursor }`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
}

/**
 * Cursors are opaque to clients; inside they carry the last id of the page. Ids sort by
 * creation time, so "newest first" pages are `id < cursor order by id desc`.
 */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const bytes = fromBase64(cursor);
  const id = bytes ? new TextDecoder().decode(bytes) : "";
  if (/^[a-z]{2,4}_[0-9a-z]{26}$/.test(id)) return id;
  throw new ApiError("invalid_request", "Invalid `cursor`: pass the `next_cursor` of a previous page unchanged.", { param: "cursor" });
}

function encodeCursor(id: string): string {
  return toBase64Url(new TextEncoder().encode(id));
}

/** Builds a page from `limit + 1` rows fetched newest first. */
export function toPage<Row extends { id: string }, Out>(rows: Row[], limit: number, serialize: (r: Row) => Out) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { data: items.map(serialize), has_more: hasMore, next_cursor: hasMore && last ? encodeCursor(last.id) : null };
}
