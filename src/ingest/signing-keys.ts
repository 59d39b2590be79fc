import { describeDbError } from "../infra/db/errors";
import { DomainError } from "../infra/domain-error";
import { s2sKeyForIngest } from "../infra/edge/lookups";
import { edgeSql, type DbBindings } from "../infra/edge/sql";
import { IsolateCache } from "../infra/edge/isolate-cache";
import { hmacSha256Key, type HmacSha256Key } from "../infra/edge/hmac-sha256";
import { parseSecret } from "../infra/http/standard-webhooks";
import { sealedFor } from "../s2s-keys/secrets";
import { openSecret } from "../infra/secrets/box";

/**
 * S2S key id → the brand and the HMAC keys that may sign for it, decrypted once per
 * isolate. Bounded staleness: a rotation or revocation is enforced by every isolate at
 * most S2S_KEY_TTL_MS after it happened (the previous secret's grace period is an
 * absolute expiry, so it ends on time even while cached). No stale fallback: when
 * Postgres is down the edge answers 503 and senders retry, rather than trust a revoked key.
 */
export const S2S_KEY_TTL_MS = 30_000;

export interface SigningKey {
  keyId: string;
  brandId: string;
  revoked: boolean;
  brandActive: boolean;
  /** HMAC keys with their pads hashed (src/infra/edge/hmac-sha256.ts): a delivery's check awaits nothing. */
  secrets: { key: HmacSha256Key; validUntil: number | null }[];
}

const signingKeys = new IsolateCache<SigningKey | null>({ ttlMs: S2S_KEY_TTL_MS, maxEntries: 5_000, staleIfErrorMs: 0 });

type Config = DbBindings & { SECRETS_ENCRYPTION_KEY: string };

async function unseal(config: Config, sealed: string, keyId: string, brandId: string): Promise<HmacSha256Key> {
  const bytes = parseSecret(await openSecret(config.SECRETS_ENCRYPTION_KEY, sealed, sealedFor(keyId, brandId)));
  // A stored secret is always one Rekomi generated.
  if (!bytes) throw new Error("not a Standard Webhooks secret (whsec_ + base64 of at least 16 bytes)");
  return hmacSha256Key(bytes);
}

async function load(config: Config, keyId: string): Promise<SigningKey | null> {
  const row = await s2sKeyForIngest(edgeSql(config), keyId);
  if (!row) return null;
  const secrets: SigningKey["secrets"] = [{ key: await unseal(config, row.secretCiphertext, row.keyId, row.brandId), validUntil: null }];
  if (row.previousSecretCiphertext && row.previousSecretExpiresAt) {
    secrets.push({ key: await unseal(config, row.previousSecretCiphertext, row.keyId, row.brandId), validUntil: row.previousSecretExpiresAt.getTime() });
  }
  return { keyId: row.keyId, brandId: row.brandId, revoked: row.revoked, brandActive: row.brandActive, secrets };
}

/** The cached key while fresh (null: known to be unknown), or undefined: call signingKeyCached. */
export function peekSigningKey(keyId: string): SigningKey | null | undefined {
  return signingKeys.peek(keyId)?.value;
}

export function signingKeyCached(config: Config, keyId: string): Promise<SigningKey | null> {
  return signingKeys.get(keyId, async () => {
    const fetchedAt = Date.now();
    try {
      return { value: await load(config, keyId), fetchedAt };
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "S2S key lookup failed", key_id: keyId, error: describeDbError(err) }));
      throw new DomainError("service_unavailable", "The signing key cannot be checked right now. Retry with the same `webhook-id`.");
    }
  });
}

/** The HMAC keys that verify right now: the current secret, and the previous one during its grace period. */
export function usableSecrets(key: SigningKey, nowMs: number): HmacSha256Key[] {
  return key.secrets.filter((s) => s.validUntil === null || nowMs < s.validUntil).map((s) => s.key);
}
