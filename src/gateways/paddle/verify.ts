import { verifyTimestampedHmac, type TimestampedScheme } from "../signing";
import type { SignatureResult, TimestampOptions } from "../types";

/**
 * Paddle Billing `Paddle-Signature: ts=<unix>;h1=<hex>[;h1=<hex>…]`, HMAC-SHA256 of
 * `${ts}:${rawBody}` with the notification destination's secret key. Paddle lists several
 * `h1` while a secret key is rotated; the official SDK keeps only the last one and would
 * refuse a valid request, so we accept any match.
 */
const PADDLE: TimestampedScheme = {
  header: "Paddle-Signature",
  separator: ";",
  timestampKey: "ts",
  signatureKey: "h1",
  join: ":",
  secretName: "destination's secret key",
};

/**
 * Verifies a Paddle Billing webhook. The default tolerance is 300 s, not the SDK's 5 s:
 * 5 s turns ordinary clock skew and a moment of queueing at Paddle or at our edge into
 * refused deliveries and retry storms, and what a wider window could let through (a
 * replay of a genuine delivery) is harmless because the event id is the idempotency key.
 */
export function verifyPaddleSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  options: TimestampOptions = {},
): Promise<SignatureResult> {
  return verifyTimestampedHmac(PADDLE, rawBody, header, secret, options);
}
