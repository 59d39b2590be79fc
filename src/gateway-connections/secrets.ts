import { openSecret, sealSecret } from "../infra/secrets/box";

/**
 * A connection keeps two sealed secrets: its API credentials (what Rekomi calls the gateway
 * with) and its webhook signing secret (what the edge verifies with). Each is bound to its
 * row and its purpose, so neither ciphertext opens on another connection or as the other.
 * A rotated-out signing secret keeps its ciphertext (same purpose) in the previous column.
 */
export type ConnectionSecretPurpose = "credentials" | "signing_secret";

export function sealedForConnection(connectionId: string, brandId: string, purpose: ConnectionSecretPurpose): string {
  return `gateway_connection:${connectionId}:${brandId}:${purpose}`;
}

/** API credentials as sealed JSON (Stripe / Paddle: `{ api_key }`; Braintree: merchant id, key pair, environment). */
export interface StripeCredentials {
  api_key: string;
}
export interface PaddleCredentials {
  api_key: string;
}
export interface BraintreeCredentials {
  merchant_id: string;
  public_key: string;
  private_key: string;
  environment: "sandbox" | "production";
}
export type GatewayCredentials = StripeCredentials | PaddleCredentials | BraintreeCredentials;

export function sealConnectionSecret(encryptionKey: string, plaintext: string, connectionId: string, brandId: string, purpose: ConnectionSecretPurpose): Promise<string> {
  return sealSecret(encryptionKey, plaintext, sealedForConnection(connectionId, brandId, purpose));
}

export function openConnectionSecret(encryptionKey: string, sealed: string, connectionId: string, brandId: string, purpose: ConnectionSecretPurpose): Promise<string> {
  return openSecret(encryptionKey, sealed, sealedForConnection(connectionId, brandId, purpose));
}

/**
 * A Braintree connection's sealed credentials, opened and checked: the edge, the refund
 * poller and the dashboard all read them through here. Errors never quote the plaintext.
 */
export async function openBraintreeCredentials(encryptionKey: string, sealed: string, connectionId: string, brandId: string): Promise<BraintreeCredentials> {
  const plain = await openConnectionSecret(encryptionKey, sealed, connectionId, brandId, "credentials");
  let parsed: Partial<BraintreeCredentials>;
  try {
    parsed = JSON.parse(plain) as Partial<BraintreeCredentials>;
  } catch {
    // JSON.parse's message quotes the text, which is a secret.
    throw new Error("the sealed credentials are not JSON");
  }
  const { merchant_id, public_key, private_key, environment } = parsed;
  if (!merchant_id || !public_key || !private_key || (environment !== "sandbox" && environment !== "production")) throw new Error("the sealed credentials are not Braintree credentials");
  return { merchant_id, public_key, private_key, environment };
}

/** Shown instead of a secret: enough to tell two apart, useless to an attacker. */
export function hintOf(secret: string): string {
  return `…${secret.slice(-4)}`;
}
