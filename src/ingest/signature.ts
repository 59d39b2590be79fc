import { timingSafeEqualBytes } from "../infra/crypto";
import { DomainError } from "../infra/domain-error";
import { hmacSha256Sync, type HmacSha256Key } from "../infra/edge/hmac-sha256";
import { TIMESTAMP_TOLERANCE_SECONDS, checkTimestamp, parseSignatures } from "../infra/http/standard-webhooks";

/**
 * The Standard Webhooks headers of an S2S request (src/infra/http/standard-webhooks.ts does
 * the signing scheme): each missing or malformed one is refused with an error naming it.
 */

export interface SignedHeaders {
  keyId: string;
  webhookId: string;
  timestamp: number;
  signatures: Uint8Array[];
}

const WEBHOOK_ID = /^[\x21-\x7e]{1,255}$/;

function required(req: Request, name: string): string {
  const value = req.headers.get(name);
  if (!value) throw new DomainError("unauthorized", `Missing \`${name}\` header: S2S requests are signed per Standard Webhooks.`, { param: name });
  return value;
}

/** The signing headers, or the error naming the one that is missing or malformed. */
export function readSignedHeaders(req: Request): SignedHeaders {
  const keyId = required(req, "rekomi-key-id");
  const webhookId = required(req, "webhook-id");
  const timestampText = required(req, "webhook-timestamp");
  const signatureText = required(req, "webhook-signature");
  if (!WEBHOOK_ID.test(webhookId)) {
    throw new DomainError("invalid_request", "`webhook-id` must be 1 to 255 printable ASCII characters.", { param: "webhook-id" });
  }
  if (!/^\d{1,12}$/.test(timestampText)) {
    throw new DomainError("invalid_request", "`webhook-timestamp` must be whole seconds since the Unix epoch.", { param: "webhook-timestamp" });
  }
  const signatures = parseSignatures(signatureText);
  if (signatures.length === 0) {
    throw new DomainError("unauthorized", "`webhook-signature` holds no `v1,<base64>` signature.", { param: "webhook-signature" });
  }
  return { keyId, webhookId, timestamp: Number(timestampText), signatures };
}

/** Refuses timestamps outside the tolerance (replays, badly skewed senders), saying by how much. */
export function refuseStaleTimestamp(timestamp: number, nowMs: number): void {
  const check = checkTimestamp(timestamp, nowMs);
  if (check.ok) return;
  const message =
    check.reason === "stale"
      ? `\`webhook-timestamp\` is ${check.seconds} s old; signatures are accepted for ${TIMESTAMP_TOLERANCE_SECONDS} s. Sign each delivery when you send it.`
      : `\`webhook-timestamp\` is ${check.seconds} s in the future; check the sender's clock.`;
  throw new DomainError("unauthorized", message, { param: "webhook-timestamp" });
}

const encoder = new TextEncoder();

/**
 * Whether any signature is the HMAC of `webhook-id.webhook-timestamp.body` under any of
 * `keys`: Standard Webhooks' check (src/infra/http/standard-webhooks.ts, signatureMatches),
 * synchronously with the keys' pads precomputed. Every pair is compared, each in constant
 * time: no early exit to time.
 */
export function signatureMatchesNow(keys: HmacSha256Key[], signatures: Uint8Array[], content: { id: string; timestamp: number; body: string }): boolean {
  const data = encoder.encode(`${content.id}.${content.timestamp}.${content.body}`);
  let matched = false;
  for (const key of keys) {
    const expected = hmacSha256Sync(key, data);
    for (const candidate of signatures) matched = timingSafeEqualBytes(expected, candidate) || matched;
  }
  return matched;
}
