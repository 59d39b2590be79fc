import { verifyTimestampedHmac, type TimestampedScheme } from "../signing";
import type { SignatureResult, TimestampOptions } from "../types";

/**
 * `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 of `${t}.${rawBody}` with
 * the endpoint's `whsec_…` secret. Stripe lists one `v1` per secret while a secret is
 * rolled; `v0` (a legacy test-mode scheme) is never trusted.
 */
const STRIPE: TimestampedScheme = {
  header: "Stripe-Signature",
  separator: ",",
  timestampKey: "t",
  signatureKey: "v1",
  join: ".",
  secretName: "endpoint's signing secret",
};

/** Verifies a Stripe webhook; the default tolerance is 300 s either way, as Stripe's SDKs use. */
export function verifyStripeSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  options: TimestampOptions = {},
): Promise<SignatureResult> {
  return verifyTimestampedHmac(STRIPE, rawBody, header, secret, options);
}
