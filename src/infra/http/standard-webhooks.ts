import { hmacKey, hmacSha256, timingSafeEqualBytes } from "../crypto";
import { fromBase64, toBase64 } from "../encoding";

/**
 * Standard Webhooks (https://www.standardwebhooks.com), both ways: Rekomi signs its
 * outbound webhook deliveries (src/webhooks/deliver.ts) and verifies the S2S events brands
 * send (src/ingest/). The signed content is `webhook-id.webhook-timestamp.body`;
 * `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256>`, one per live
 * secret; a secret is `whsec_<base64 key>`. The `standardwebhooks` npm package is the
 * reference: test/node/unit/standard-webhooks.test.ts checks that each verifies the other.
 */

export const SECRET_PREFIX = "whsec_";
/** What we generate (the reference library's size); shorter keys are refused below 16 bytes. */
const SECRET_BYTES = 24;
const MIN_SECRET_BYTES = 16;

/** How far `webhook-timestamp` may be from our clock, either way (the reference's window). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** What a signature covers. */
export interface SignedContent {
  id: string;
  /** Seconds since the Unix epoch (`webhook-timestamp`). */
  timestamp: number;
  body: string;
}

/** A fresh `whsec_…` secret. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
}

/** The HMAC key bytes of a `whsec_…` secret; null when it is not one. */
export function parseSecret(secret: string): Uint8Array<ArrayBuffer> | null {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const bytes = fromBase64(secret.slice(SECRET_PREFIX.length));
  return bytes && bytes.length >= MIN_SECRET_BYTES ? bytes : null;
}

/** The signing key of a secret Rekomi generated; throws on anything else (a stored secret is always ours). */
export function secretKey(secret: string): Promise<CryptoKey> {
  const bytes = parseSecret(secret);
  if (!bytes) throw new Error("not a Standard Webhooks secret (whsec_ + base64 of at least 16 bytes)");
  return hmacKey(bytes);
}

function signedText({ id, timestamp, body }: SignedContent): string {
  return `${id}.${timestamp}.${body}`;
}

/** The `webhook-signature` header: one `v1,` signature per key (several while a secret is rotated). */
export async function signatureHeader(keys: CryptoKey[], content: SignedContent): Promise<string> {
  const text = signedText(content);
  const signatures = await Promise.all(keys.map(async (key) => `v1,${toBase64(await hmacSha256(key, text))}`));
  return signatures.join(" ");
}

/** The `v1` signatures of a `webhook-signature` header; other versions and non-base64 entries are ignored. */
export function parseSignatures(header: string): Uint8Array[] {
  const signatures: Uint8Array[] = [];
  for (const entry of header.split(" ")) {
    const [version, value] = entry.split(",", 2);
    const bytes = version === "v1" && value ? fromBase64(value) : null;
    if (bytes) signatures.push(bytes);
  }
  return signatures;
}

/** True when any signature is the HMAC of the content under any of `keys`. */
export async function signatureMatches(keys: CryptoKey[], signatures: Uint8Array[], content: SignedContent): Promise<boolean> {
  const text = signedText(content);
  let matched = false;
  for (const key of keys) {
    const expected = await hmacSha256(key, text);
    // Every pair is compared, in constant time each: no early exit to time.
    for (const candidate of signatures) matched = timingSafeEqualBytes(expected, candidate) || matched;
  }
  return matched;
}

export type TimestampCheck = { ok: true } | { ok: false; reason: "stale" | "future"; seconds: number };

/** Whether `timestamp` is within the tolerance of `nowMs`; when not, by how many seconds it is off. */
export function checkTimestamp(timestamp: number, nowMs: number): TimestampCheck {
  const age = Math.floor(nowMs / 1000) - timestamp;
  if (age > TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: "stale", seconds: age };
  if (-age > TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: "future", seconds: -age };
  return { ok: true };
}
