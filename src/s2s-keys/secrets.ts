import { SECRET_PREFIX, generateSecret } from "../infra/http/standard-webhooks";
import { sealSecret } from "../infra/secrets/box";

/**
 * S2S secrets are Standard Webhooks secrets (`whsec_` + base64), generated like outbound
 * webhook secrets, so any Standard Webhooks library signs with them unchanged.
 */

/** What may be shown after creation: enough to tell secrets apart, useless to an attacker. */
export function secretHint(secret: string): string {
  return `${SECRET_PREFIX}…${secret.slice(-4)}`;
}

/** The sealing context that binds a sealed secret to its key row. */
export function sealedFor(keyId: string, brandId: string): string {
  return `s2s_key:${keyId}:${brandId}`;
}

/** A fresh secret, sealed for its key row: `{ secret }` is shown once, the rest is stored. */
export async function newSealedSecret(encryptionKey: string, keyId: string, brandId: string) {
  const secret = generateSecret();
  return { secret, secretCiphertext: await sealSecret(encryptionKey, secret, sealedFor(keyId, brandId)), secretHint: secretHint(secret) };
}
