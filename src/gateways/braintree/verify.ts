import { hmacHex } from "../../infra/crypto";
import { anyMatches, failure, sha1 } from "../signing";
import type { SignatureResult } from "../types";

/** The merchant's API key pair; the private key never leaves the worker. */
export interface BraintreeKeys {
  publicKey: string;
  privateKey: string;
}

export interface BraintreeFields {
  signature: string | null;
  payload: string | null;
}

/** Braintree POSTs `bt_signature` and `bt_payload` as an application/x-www-form-urlencoded body. */
export function braintreeFormFields(body: string): BraintreeFields {
  const form = new URLSearchParams(body);
  return { signature: form.get("bt_signature"), payload: form.get("bt_payload") };
}

/** Base64 plus the newlines Braintree wraps it with; anything else was not sent by Braintree. */
const PAYLOAD = /^[A-Za-z0-9+/=\n]+$/;

/**
 * `bt_signature` is `publicKey|hex(HMAC-SHA1(key = SHA1(privateKey), bt_payload))` pairs
 * joined by `&`, one per key pair of the merchant. We take the pair for our public key and
 * also accept the HMAC of the payload plus a trailing newline, as Braintree's SDKs do
 * (the newline is sometimes lost or added between Braintree and the receiver).
 *
 * Braintree signs no timestamp, so there is no staleness check: a replayed notification
 * maps to the same idempotency key (see normalize.ts) and changes nothing.
 */
export async function verifyBraintreeSignature(fields: BraintreeFields, keys: BraintreeKeys): Promise<SignatureResult> {
  if (!fields.signature || !fields.payload) return failure("missing", "bt_signature and bt_payload are both required");
  if (!PAYLOAD.test(fields.payload)) return failure("malformed", "bt_payload is not base64");
  const pairs = fields.signature
    .split("&")
    .filter((pair) => pair.includes("|"))
    .map((pair) => [pair.slice(0, pair.indexOf("|")), pair.slice(pair.indexOf("|") + 1)] as const);
  if (pairs.length === 0) return failure("malformed", "bt_signature has no publicKey|signature pair");
  const ours = pairs.filter(([publicKey]) => publicKey === keys.publicKey).map(([, signature]) => signature);
  if (ours.length === 0) return failure("mismatch", `bt_signature has no signature for public key ${keys.publicKey}`);

  const key = await sha1(keys.privateKey);
  const expected = await Promise.all([hmacHex("SHA-1", key, fields.payload), hmacHex("SHA-1", key, `${fields.payload}\n`)]);
  if (!anyMatches(expected, ours)) return failure("mismatch", "the signature does not match bt_payload and the private key");
  return { ok: true };
}

/**
 * The answer to Braintree's `GET ?bt_challenge=<hex>` when a webhook URL is added in the
 * control panel: `publicKey|hex(HMAC-SHA1(SHA1(privateKey), challenge))`. Null when the
 * challenge is not the short hex string Braintree sends.
 */
export async function braintreeChallengeResponse(challenge: string, keys: BraintreeKeys): Promise<string | null> {
  if (!/^[a-f0-9]{20,32}$/.test(challenge)) return null;
  return `${keys.publicKey}|${await hmacHex("SHA-1", await sha1(keys.privateKey), challenge)}`;
}
