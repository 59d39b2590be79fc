/** Small WebCrypto helpers shared by keys, signatures and fingerprints. */

const encoder = new TextEncoder();

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (const b of view) out += HEX_BYTES[b]!;
  return out;
}

/** Hex SHA-256 of a UTF-8 string or of raw bytes (a file). */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
}

/**
 * HMAC keys of UTF-8 secrets, imported once per isolate: a gateway webhook is verified with
 * its connection's secret on every delivery, and importing costs as much as signing.
 * Bounded by clearing (secrets are few; re-importing is cheap next to a leak).
 */
const secretKeys = new Map<string, Promise<CryptoKey>>();
const MAX_SECRET_KEYS = 512;

function importSecretKey(hash: "SHA-256" | "SHA-1", secret: string): Promise<CryptoKey> {
  const id = `${hash}\n${secret}`;
  let key = secretKeys.get(id);
  if (!key) {
    if (secretKeys.size >= MAX_SECRET_KEYS) secretKeys.clear();
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash }, false, ["sign"]);
    secretKeys.set(id, key);
    key.catch(() => secretKeys.delete(id));
  }
  return key;
}

/** Hex HMAC of `data` (UTF-8) with `key` (a UTF-8 secret, its key imported once, or raw bytes). */
export async function hmacHex(hash: "SHA-256" | "SHA-1", key: string | Uint8Array<ArrayBuffer>, data: string): Promise<string> {
  const cryptoKey = typeof key === "string" ? await importSecretKey(hash, key) : await crypto.subtle.importKey("raw", key, { name: "HMAC", hash }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data)));
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `length` characters of base62 from rejection-sampled random bytes (no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

/** Compares two strings in time independent of where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i % x.length] ?? 0) ^ (y[i % y.length] ?? 0);
  return diff === 0;
}

/** Compares two byte strings in time independent of their contents. */
export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** An HMAC-SHA256 key for signing and verifying. */
export function hmacKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function hmacSha256(key: CryptoKey, data: Uint8Array<ArrayBuffer> | string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, typeof data === "string" ? encoder.encode(data) : data));
}
