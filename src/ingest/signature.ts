import { fromBase64, hmacSha256, timingSafeEqualBytes } from "../infra/crypto";
import { ApiError } from "../infra/http/errors";

/**
 * Standard Webhooks verification (https://www.standardwebhooks.com): the signed content is
 * `webhook-id.webhook-timestamp.body`, each `v1,<base64 HMAC-SHA256>` entry of the
 * space-separated `webhook-signature` header is a candidate, and the timestamp must be
 * within five minutes of our clock either way (replays and badly skewed senders fail).
 */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface SignedHeaders {
  keyId: string;
  webhookId: string;
  timestamp: number;
  signatures: Uint8Array[];
}

const WEBHOOK_ID = /^[\x21-\x7e]{1,255}$/;

function required(req: Request, name: string): string {
  const value = req.headers.get(name);
  if (!value) throw new ApiError("unauthorized", `Missing \`${name}\` header: S2S requests are signed per Standard Webhooks.`, { param: name });
  return value;
}

/** The signing headers, or the error naming the one that is missing or malformed. */
export function readSignedHeaders(req: Request): SignedHeaders {
  const keyId = required(req, "rekomi-key-id");
  const webhookId = required(req, "webhook-id");
  const timestampText = required(req, "webhook-timestamp");
  const signatureText = required(req, "webhook-signature");
  if (!WEBHOOK_ID.test(webhookId)) {
    throw new ApiError("invalid_request", "`webhook-id` must be 1 to 255 printable ASCII characters.", { param: "webhook-id" });
  }
  if (!/^\d{1,12}$/.test(timestampText)) {
    throw new ApiError("invalid_request", "`webhook-timestamp` must be whole seconds since the Unix epoch.", { param: "webhook-timestamp" });
  }
  const signatures: Uint8Array[] = [];
  for (const entry of signatureText.split(" ")) {
    const [version, value] = entry.split(",", 2);
    const bytes = version === "v1" && value ? fromBase64(value) : null;
    if (bytes) signatures.push(bytes);
  }
  if (signatures.length === 0) {
    throw new ApiError("unauthorized", "`webhook-signature` holds no `v1,<base64>` signature.", { param: "webhook-signature" });
  }
  return { keyId, webhookId, timestamp: Number(timestampText), signatures };
}

/** Refuses timestamps outside the tolerance, saying by how much. */
export function checkTimestamp(timestamp: number, nowMs: number): void {
  const skew = Math.floor(nowMs / 1000) - timestamp;
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new ApiError("unauthorized", `\`webhook-timestamp\` is ${skew} s old; signatures are accepted for ${TIMESTAMP_TOLERANCE_SECONDS} s. Sign each delivery when you send it.`, {
      param: "webhook-timestamp",
    });
  }
  if (-skew > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new ApiError("unauthorized", `\`webhook-timestamp\` is ${-skew} s in the future; check the sender's clock.`, { param: "webhook-timestamp" });
  }
}

/** True when any candidate signature is the HMAC of the signed content under any of `keys`. */
export async function signatureMatches(keys: CryptoKey[], headers: SignedHeaders, body: string): Promise<boolean> {
  const content = `${headers.webhookId}.${headers.timestamp}.${body}`;
  let matched = false;
  for (const key of keys) {
    const expected = await hmacSha256(key, content);
    // Every pair is compared, in constant time each: no early exit to time.
    for (const candidate of headers.signatures) matched = timingSafeEqualBytes(expected, candidate) || matched;
  }
  return matched;
}
