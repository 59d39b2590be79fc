import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * HMAC-SHA256 and SHA-256 computed synchronously by @noble/hashes (audited, constant-time
 * for a given length: add-rotate-xor, no secret-indexed table), with the key's inner and
 * outer pad blocks hashed once per key (RFC 2104): a click id's 32-byte payload then costs
 * two compressions and no promise, so the warm redirect awaits nothing. WebCrypto would
 * re-derive both pads on every `sign` and answer through a promise, which under load is a
 * turn of the event loop per click. Same bytes as WebCrypto's HMAC
 * (test/node/unit/hmac-sha256.test.ts checks it for many keys and lengths).
 */

/** A key with its pads already compressed: each MAC starts from a copy of this state. */
export interface HmacSha256Key {
  readonly keyed: ReturnType<typeof hmac.create>;
}

const encoder = new TextEncoder();

/** Prepares `secret` (a UTF-8 string or raw bytes) as WebCrypto's `importKey("raw", …, HMAC SHA-256)` would. */
export function hmacSha256Key(secret: string | Uint8Array): HmacSha256Key {
  return { keyed: hmac.create(sha256, typeof secret === "string" ? encoder.encode(secret) : secret) };
}

/** HMAC-SHA256 of `data` under `key`: 32 bytes, into `out` when given. */
export function hmacSha256Sync(key: HmacSha256Key, data: Uint8Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  key.keyed.clone().update(data).digestInto(out);
  return out;
}

/** SHA-256 of `data`, synchronously (the edge's event ids and body fingerprints). */
export function sha256Sync(data: Uint8Array): Uint8Array {
  return sha256(data);
}
