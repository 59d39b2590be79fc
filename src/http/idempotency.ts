import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db, Tx } from "../db/client";
import { withBrand } from "../db/principal";
import { idempotencyKeys } from "../db/schema";
import { sha256Hex } from "../crypto";
import { ApiError } from "./errors";

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs a brand's POST in one transaction, honouring `Idempotency-Key`: the key row is
 * inserted in the same transaction as the effect, so the effect and the stored response
 * commit together or not at all. A concurrent duplicate waits on the key's unique index
 * and then replays (header `Idempotent-Replayed: true`); the same key with a different
 * request is refused. Failed requests store nothing, so they can be retried.
 */
export async function idempotentBrandWrite<Body>(
  c: Context,
  db: Db,
  brandId: string,
  request: unknown,
  effect: (tx: Tx) => Promise<Body>,
): Promise<Body> {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return withBrand(db, brandId, effect);
  if (!KEY_SHAPE.test(key)) {
    throw new ApiError("invalid_request", "`Idempotency-Key` must be 1 to 255 printable ASCII characters.", { param: "Idempotency-Key" });
  }
  const fingerprint = `${c.req.method} ${c.req.path} ${await sha256Hex(JSON.stringify(request ?? null))}`;
  const thisKey = and(eq(idempotencyKeys.brandId, brandId), eq(idempotencyKeys.key, key));
  const result = await withBrand(db, brandId, async (tx) => {
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ brandId, key, requestFingerprint: fingerprint })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [prior] = await tx.select().from(idempotencyKeys).where(thisKey);
      if (!prior || prior.requestFingerprint !== fingerprint) {
        throw new ApiError("idempotency_conflict", "This `Idempotency-Key` was already used with a different request.", { param: "Idempotency-Key" });
      }
      return { replayed: true, body: JSON.parse(prior.responseBody ?? "null") as Body };
    }
    const body = await effect(tx);
    await tx.update(idempotencyKeys).set({ responseBody: JSON.stringify(body) }).where(thisKey);
    return { replayed: false, body };
  });
  if (result.replayed) c.header("Idempotent-Replayed", "true");
  return result.body;
}
