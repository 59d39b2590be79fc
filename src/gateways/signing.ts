import { hmacHex, timingSafeEqual } from "../infra/crypto";
import type { SignatureResult, TimestampOptions } from "./types";

/** WebCrypto only: this runs inside the edge worker, where Node's crypto does not exist. */

const encoder = new TextEncoder();

const DEFAULT_TOLERANCE_SECONDS = 300;

export async function sha1(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-1", encoder.encode(text)));
}

/**
 * True when any candidate equals one of the expected digests. Every pair is compared in
 * full, in constant time, so the time taken says nothing about which bytes matched.
 */
export function anyMatches(expected: readonly string[], candidates: readonly string[]): boolean {
  let matched = false;
  for (const candidate of candidates) {
    for (const digest of expected) matched = timingSafeEqual(digest, candidate.toLowerCase()) || matched;
  }
  return matched;
}

/** Unix seconds written as plain digits (what Stripe's `t` and Paddle's `ts` are), or null. */
function parseUnixSeconds(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : null;
}

/** Refuses a signed timestamp outside the tolerance window, in either direction. */
function checkWindow(signedAt: number, options: TimestampOptions = {}): SignatureResult {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (now - signedAt > tolerance) {
    return { ok: false, reason: "stale", message: `the signature is ${now - signedAt} s old; at most ${tolerance} s is accepted` };
  }
  if (signedAt - now > tolerance) {
    return { ok: false, reason: "future", message: `the signature is dated ${signedAt - now} s in the future; at most ${tolerance} s is accepted` };
  }
  return { ok: true };
}

export function failure(reason: "missing" | "malformed" | "mismatch", message: string): SignatureResult {
  return { ok: false, reason, message };
}

/** How Stripe and Paddle lay out their one timestamp plus one-or-more hex HMAC-SHA256 header. */
export interface TimestampedScheme {
  header: string;
  /** Between `key=value` items. */
  separator: string;
  timestampKey: string;
  signatureKey: string;
  /** Between the timestamp and the raw body in the signed string. */
  join: string;
  /** Who holds the secret, for messages. */
  secretName: string;
}

/**
 * Verifies `<timestampKey>=<unix><sep><signatureKey>=<hex>[<sep><signatureKey>=<hex>…]`.
 * Any listed signature may match (gateways send one per active secret while rotating).
 * The signature is checked before the timestamp, so "stale" and "future" are only ever
 * said about requests the gateway really signed.
 */
export async function verifyTimestampedHmac(
  scheme: TimestampedScheme,
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  options: TimestampOptions = {},
): Promise<SignatureResult> {
  if (!header?.trim()) return failure("missing", `the ${scheme.header} header is missing`);
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const item of header.split(scheme.separator)) {
    const at = item.indexOf("=");
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (at < 1 || value === "") continue;
    if (key === scheme.timestampKey) timestamp = value;
    else if (key === scheme.signatureKey) signatures.push(value);
  }
  const signedAt = parseUnixSeconds(timestamp);
  if (signedAt === null) {
    return failure("malformed", `the ${scheme.header} header has no valid ${scheme.timestampKey}= timestamp`);
  }
  if (signatures.length === 0) {
    return failure("malformed", `the ${scheme.header} header has no ${scheme.signatureKey}= signature`);
  }
  const expected = await hmacHex("SHA-256", secret, `${timestamp}${scheme.join}${rawBody}`);
  if (!anyMatches([expected], signatures)) {
    return failure("mismatch", `no ${scheme.signatureKey} signature matches this body and the ${scheme.secretName}`);
  }
  return checkWindow(signedAt, options);
}
