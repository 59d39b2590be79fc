import { timingSafeEqual } from "../infra/crypto";

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-signature` is a space-separated list
 * of `v1,<base64 HMAC-SHA256(secret, "id.timestamp.body")>`; the secret is `whsec_<base64>`.
 * Any Standard Webhooks library verifies what `signPayload` produces.
 */

const encoder = new TextEncoder();

export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  const raw = Uint8Array.from(atob(secret.startsWith("whsec_") ? secret.slice(6) : secret), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** `v1,<signature>` for one secret. */
export async function signPayload(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${id}.${timestamp}.${body}`));
  return `v1,${btoa(String.fromCharCode(...new Uint8Array(mac)))}`;
}

/** The `webhook-signature` header: one signature per live secret (rotation grace period). */
export async function signatureHeader(secrets: string[], id: string, timestamp: number, body: string): Promise<string> {
  return (await Promise.all(secrets.map((s) => signPayload(s, id, timestamp, body)))).join(" ");
}

/** True when any `v1,` signature in `header` matches one of `secrets` (constant-time compare). */
export async function verifySignatureHeader(secrets: string[], header: string, id: string, timestamp: number, body: string): Promise<boolean> {
  const offered = header.split(" ").filter((s) => s.startsWith("v1,"));
  let ok = false;
  for (const secret of secrets) {
    const expected = await signPayload(secret, id, timestamp, body);
    for (const candidate of offered) ok = timingSafeEqual(candidate, expected) || ok;
  }
  return ok;
}
