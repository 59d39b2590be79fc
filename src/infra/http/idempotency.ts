import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Tx } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { sha256Hex } from "../crypto";
import { ApiError } from "./errors";

/**
 * The brand a write belongs to and how to open its transaction: as the API key's brand
 * (`/v1`) or as the signed-in member acting for it (the dashboard). Keys are per brand,
 * whichever door the request came through.
 */
export interface BrandTransaction {
  brandId: string;
  /** `readOnly`: a READ ONLY transaction (src/infra/db/principal.ts `withPrincipal`). */
  transact: <T>(fn: (tx: Tx) => Promise<T>, opts?: { readOnly?: boolean }) => Promise<T>;
}

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** How long a key replays. Older rows are treated as unused and purged by the cron. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const expiredAt = sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;

/**
 * Runs a brand's POST in one transaction, honouring `Idempotency-Key`: the key row is
 * inserted in the same transaction as the effect, so the effect and the stored response
 * commit together or not at all. A concurrent duplicate waits on the key's unique index
 * and then replays (header `Idempotent-Replayed: true`); the same key with a different
 * request is refused. Failed requests store nothing, so they can be retried. A key replays
 * for 24 hours; after that it runs the request again.
 *
 * Never return a secret from `effect`: the body is stored. Use `idempotentSecretWrite`.
 */
export async function idempotentBrandWrite<Body>(
  c: Context,
  brand: BrandTransaction,
  request: unknown,
  effect: (tx: Tx) => Promise<Body>,
): Promise<Body> {
  const result = await runIdempotent(c, brand, request, async (tx) => ({ body: await effect(tx), secret: null }));
  return result.body;
}

/**
 * The same for a POST that shows a secret once (webhook endpoint, S2S key): `effect`
 * returns the secret beside the body, and only the body is stored. A replay answers the
 * stored body with `secret: null`, because the secret exists nowhere in clear any more.
 */
export async function idempotentSecretWrite<Body extends object>(
  c: Context,
  brand: BrandTransaction,
  request: unknown,
  effect: (tx: Tx) => Promise<{ body: Body; secret: string }>,
): Promise<Body & { secret: string | null }> {
  const { body, secret } = await runIdempotent(c, brand, request, effect);
  return { ...body, secret };
}

async function runIdempotent<Body>(
  c: Context,
  { brandId, transact }: BrandTransaction,
  request: unknown,
  effect: (tx: Tx) => Promise<{ body: Body; secret: string | null }>,
): Promise<{ body: Body; secret: string | null }> {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return transact(effect);
  if (!KEY_SHAPE.test(key)) {
    throw new ApiError("invalid_request", "`Idempotency-Key` must be 1 to 255 printable ASCII characters.", { param: "Idempotency-Key" });
  }
  const fingerprint = `${c.req.method} ${c.req.path} ${await sha256Hex(JSON.stringify(request ?? null))}`;
  const thisKey = and(eq(idempotencyKeys.brandId, brandId), eq(idempotencyKeys.key, key));
  const result = await transact(async (tx) => {
    const claimed = await claimKey(tx, brandId, key, fingerprint);
    if (!claimed) {
      const [prior] = await tx.select().from(idempotencyKeys).where(and(thisKey, gte(idempotencyKeys.createdAt, expiredAt)));
      if (!prior || prior.requestFingerprint !== fingerprint) {
        throw new ApiError("idempotency_conflict", "This `Idempotency-Key` was already used with a different request.", { param: "Idempotency-Key" });
      }
      return { replayed: true, body: JSON.parse(prior.responseBody ?? "null") as Body, secret: null };
    }
    const { body, secret } = await effect(tx);
    // A programming error, caught before it is stored: shown-once secrets go beside the body.
    if (body !== null && typeof body === "object" && "secret" in body) throw new Error("idempotentBrandWrite: the stored body carries a `secret`; use idempotentSecretWrite");
    await tx.update(idempotencyKeys).set({ responseBody: JSON.stringify(body) }).where(thisKey);
    return { replayed: false, body, secret };
  });
  if (result.replayed) c.header("Idempotent-Replayed", "true");
  return { body: result.body, secret: result.secret };
}

/**
 * Takes the key for this request: a new row, or an expired one (older than the TTL) reset
 * in place. False when a live row holds it (replay or conflict). Both statements lock the
 * row, so two requests never both claim it.
 */
async function claimKey(tx: Tx, brandId: string, key: string, fingerprint: string): Promise<boolean> {
  const inserted = await tx.insert(idempotencyKeys).values({ brandId, key, requestFingerprint: fingerprint }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return true;
  const reclaimed = await tx
    .update(idempotencyKeys)
    .set({ requestFingerprint: fingerprint, responseBody: null, createdAt: sql`now()` })
    .where(and(eq(idempotencyKeys.brandId, brandId), eq(idempotencyKeys.key, key), lt(idempotencyKeys.createdAt, expiredAt)))
    .returning({ key: idempotencyKeys.key });
  return reclaimed.length > 0;
}
