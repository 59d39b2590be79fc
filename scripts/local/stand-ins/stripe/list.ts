import { invalidValue, noSuch } from "./errors";
import type { FormParams } from "./form";

export interface StripeList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * Stripe's list envelope over objects already newest first: `limit` (1–100, default 10),
 * `starting_after` / `ending_before` cursors, `has_more`, and the list's own `url`.
 */
export function listEnvelope<T extends { id: string }>(all: T[], params: FormParams, url: string): StripeList<T> {
  const limitText = typeof params.limit === "string" ? params.limit : "10";
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidValue("limit", `This value must be between 1 and 100 (it currently is '${limitText}').`);
  let window = all;
  if (typeof params.starting_after === "string") {
    const at = all.findIndex((item) => item.id === params.starting_after);
    if (at < 0) throw noSuch("object", params.starting_after, "starting_after");
    window = all.slice(at + 1);
  } else if (typeof params.ending_before === "string") {
    const at = all.findIndex((item) => item.id === params.ending_before);
    if (at < 0) throw noSuch("object", params.ending_before, "ending_before");
    window = all.slice(Math.max(0, at - limit), at);
    return { object: "list", data: window, has_more: at - limit > 0, url };
  }
  return { object: "list", data: window.slice(0, limit), has_more: window.length > limit, url };
}

/** An empty embedded sub-list, as Stripe renders `reversals` or `external_accounts` on a new object. */
export function emptyList<T>(url: string): StripeList<T> & { total_count: number } {
  return { object: "list", data: [], has_more: false, total_count: 0, url };
}
