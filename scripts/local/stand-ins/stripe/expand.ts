import { invalidValue } from "./errors";
import type { FormParams } from "./form";
import type { Owner, StripeStore } from "./store";

/**
 * Applies `expand[]` to a response: each dotted path (`latest_charge.balance_transaction`,
 * `data.customer` on lists) replaces an id with the object it names. Stripe refuses a path that
 * does not lead to an id, and so does this.
 */
export function expandResponse(body: object, params: FormParams, store: StripeStore, owner: Owner): object {
  const paths = params.expand;
  if (paths === undefined) return body;
  if (!Array.isArray(paths) || paths.some((path) => typeof path !== "string")) throw invalidValue("expand", "Invalid array: expand must be a list of strings.");
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const path of paths as string[]) expandPath(copy, path.split("."), path, store, owner);
  return copy;
}

function expandPath(target: Record<string, unknown>, segments: string[], whole: string, store: StripeStore, owner: Owner): void {
  const [head, ...rest] = segments;
  if (!head) return;
  if (target.object === "list" && head === "data" && Array.isArray(target.data)) {
    for (const item of target.data) expandPath(item as Record<string, unknown>, rest, whole, store, owner);
    return;
  }
  let value = target[head];
  if (typeof value === "string") {
    const found = store.findAny(value, owner);
    if (!found) throw invalidValue("expand", `This property cannot be expanded (${whole}).`);
    value = structuredClone(found);
    target[head] = value;
  }
  // A null property stays null whatever is asked beneath it (an unconfirmed intent's `latest_charge.balance_transaction`), as at Stripe.
  if (value === null) return;
  if (typeof value !== "object" || value === null) throw invalidValue("expand", `This property cannot be expanded (${whole}).`);
  expandPath(value as Record<string, unknown>, rest, whole, store, owner);
}
