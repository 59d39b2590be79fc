import { fromBase64, toBase64Url } from "../infra/encoding";
import { ApiError } from "../infra/http/errors";

/**
 * The help inbox's keyset cursor. The inbox is not sorted by id (security reports first,
 * then by last activity), so the cursor carries the whole sort key of the page's last
 * row: the security flag, `last_message_at` at Postgres' microsecond precision (as text:
 * a JS Date would round it to milliseconds and repeat or skip rows) and the id.
 */
export interface InboxCursor {
  flagged: boolean;
  /** `last_message_at` as UTC text with microseconds, e.g. `2026-12-07T21:42:51.123456Z`. */
  at: string;
  id: string;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ID = /^hlp_[0-9a-z]{26}$/;

export function encodeInboxCursor(c: InboxCursor): string {
  return toBase64Url(new TextEncoder().encode(`${c.flagged ? 1 : 0}|${c.at}|${c.id}`));
}

export function decodeInboxCursor(cursor: string | undefined): InboxCursor | undefined {
  if (!cursor) return undefined;
  const bytes = fromBase64(cursor);
  const [flag, at, id, ...rest] = (bytes ? new TextDecoder().decode(bytes) : "").split("|");
  if ((flag === "0" || flag === "1") && at && isInstant(at) && id && ID.test(id) && rest.length === 0) return { flagged: flag === "1", at, id };
  throw new ApiError("invalid_request", "Invalid `cursor`: pass the `next_cursor` of a previous page unchanged.", { param: "cursor" });
}

/** A real instant (no 30 February), so the `::timestamptz` cast in the query cannot fail. */
function isInstant(at: string): boolean {
  if (!AT.test(at)) return false;
  const t = new Date(`${at.slice(0, 23)}Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 19) === at.slice(0, 19);
}
