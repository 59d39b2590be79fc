import { StripeApiError } from "./errors";
import type { FormParams } from "./form";
import type { Owner } from "./store";

interface Saved {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: object;
  requestId: string;
}

/**
 * Stripe's idempotency layer: the first result of a POST with an `Idempotency-Key` (success or
 * error, once the endpoint has run) is saved per account; a retry with the same key and the same
 * parameters gets that result again, a retry with other parameters or another endpoint a 400
 * `idempotency_error`. Keys are not pruned (Stripe prunes after 24 hours).
 */
export class IdempotencyKeys {
  private readonly saved = new Map<string, Saved>();

  /** The saved result for this key, or undefined when the request should run. */
  replay(owner: Owner, key: string, method: string, path: string, params: FormParams): Saved | undefined {
    const found = this.saved.get(scope(owner, key));
    if (!found) return undefined;
    if (found.method !== method || found.path !== path) {
      throw new StripeApiError(400, { type: "idempotency_error", message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${found.method} ${found.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.` }, false);
    }
    if (found.fingerprint !== fingerprint(params)) {
      throw new StripeApiError(400, { type: "idempotency_error", message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` }, false);
    }
    return found;
  }

  save(owner: Owner, key: string, entry: { method: string; path: string; params: FormParams; status: number; body: object; requestId: string }): void {
    const { params, ...rest } = entry;
    this.saved.set(scope(owner, key), { ...rest, fingerprint: fingerprint(params) });
  }
}

const scope = (owner: Owner, key: string) => `${owner ?? "platform"}\u0000${key}`;

/** Parameters compared by value, whatever order the client sent them in. */
function fingerprint(params: FormParams): string {
  const sort = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sort) : value && typeof value === "object" ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sort((value as Record<string, unknown>)[k])])) : value;
  return JSON.stringify(sort(params));
}
