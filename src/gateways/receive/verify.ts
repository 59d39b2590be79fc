import { braintreeFormFields, verifyBraintreeSignature } from "../braintree/verify";
import { normalizeBraintreeEvent } from "../braintree/normalize";
import { normalizePaddleEvent } from "../paddle/normalize";
import { verifyPaddleSignature } from "../paddle/verify";
import { normalizeStripeEvent } from "../stripe/normalize";
import { verifyStripeSignature } from "../stripe/verify";
import type { GatewayName, NormalizeResult, SignatureResult } from "../types";
import { usableSigningSecrets, type WebhookConnection } from "./connections";

/** One gateway delivery, its signature checked; normalize() only once the verdict is ok. */
export interface VerifiedDelivery {
  verdict: SignatureResult;
  /** Where the signature travels, named in the 401. */
  signatureParam: string;
  /** Whether the payload says which mode it was sent in (Stripe's `livemode`). */
  statesMode: boolean;
  normalize: () => NormalizeResult;
}

/**
 * Tries each secret that may sign right now (the current one, and the previous one until
 * it expires). Any match wins; otherwise a verdict about the timestamp (said only of
 * requests one of our secrets really signed) is more useful than "mismatch".
 */
async function anySecret(secrets: string[], check: (secret: string) => Promise<SignatureResult>): Promise<SignatureResult> {
  if (secrets.length === 0) return { ok: false, reason: "mismatch", message: "the connection has no signing secret to verify with; set one in Rekomi" };
  const verdicts = await Promise.all(secrets.map(check));
  return verdicts.find((v) => v.ok) ?? verdicts.find((v) => !v.ok && v.reason !== "mismatch") ?? verdicts[0]!;
}

export async function verifyDelivery(gateway: GatewayName, headers: Headers, body: string, connection: WebhookConnection, now: number): Promise<VerifiedDelivery> {
  const secrets = usableSigningSecrets(connection, now);
  switch (gateway) {
    case "stripe": {
      const header = headers.get("stripe-signature");
      return {
        verdict: await anySecret(secrets, (secret) => verifyStripeSignature(body, header, secret, { now })),
        signatureParam: "stripe-signature",
        statesMode: true,
        normalize: () => normalizeStripeEvent(body),
      };
    }
    case "paddle": {
      const header = headers.get("paddle-signature");
      return {
        verdict: await anySecret(secrets, (secret) => verifyPaddleSignature(body, header, secret, { now })),
        signatureParam: "paddle-signature",
        statesMode: false,
        normalize: () => normalizePaddleEvent(body),
      };
    }
    case "braintree": {
      // Braintree POSTs a form; its private key signs, so there is no webhook secret to rotate.
      const fields = braintreeFormFields(body);
      const keys = connection.braintreeKeys;
      return {
        verdict: keys ? await verifyBraintreeSignature(fields, keys) : { ok: false, reason: "mismatch", message: "the connection has no API key pair to verify with; set it in Rekomi" },
        signatureParam: "bt_signature",
        statesMode: false,
        normalize: () => normalizeBraintreeEvent(fields.payload ?? ""),
      };
    }
  }
}
