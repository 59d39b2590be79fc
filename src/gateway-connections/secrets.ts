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

/** Shown instead of a secret: enough to tell two apart, useless to an attacker. */
export function hintOf(secret: string): string {
  return `…${secret.slice(-4)}`;
}
