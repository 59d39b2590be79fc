import { fromBase64 } from "../infra/crypto";
import { sealSecret } from "../infra/secrets/box";
import { generateWebhookSecret } from "../webhooks/signature";

/**
 * S2S secrets are Standard Webhooks secrets (`whsec_` + base64), generated like outbound
 * webhook secrets, so any Standard Webhooks library signs with them unchanged.
 */
const PREFIX = "whsec_";

/** The HMAC key bytes of a `whsec_…` secret; null when it is not one. */
export function s2sSecretBytes(secret: string): Uint8Array<ArrayBuffer> | null {
  if (!secret.startsWith(PREFIX)) return null;
  const bytes = fromBase64(secret.slice(PREFIX.length));
  return bytes && bytes.length >= 16 ? bytes : null;
}

/** What may be shown after creation: enough to tell secrets apart, useless to an attacker. */
export function secretHint(secret: string): string {
  return `${PREFIX}…${secret.slice(-4)}`;
}

/** The sealing context that binds a sealed secret to its key row. */
export function sealedFor(keyId: string, brandId: string): string {
  return `s2s_key:${keyId}:${brandId}`;
}

/** A fresh secret, sealed for its key row: `{ secret }` is shown once, the rest is stored. */
export async function newSealedSecret(encryptionKey: string, keyId: string, brandId: string) {
  const secret = generateWebhookSecret();
  return { secret, secretCiphertext: await sealSecret(encryptionKey, secret, sealedFor(keyId, brandId)), secretHint: secretHint(secret) };
}
