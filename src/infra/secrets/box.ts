/**
 * Secrets Rekomi must use later (webhook signing secrets, gateway secrets) cannot be
 * hashed, so they are encrypted at rest: AES-256-GCM under SECRETS_ENCRYPTION_KEY, with
 * the row's context (e.g. `webhook_endpoint:whe_…`) as additional data so a ciphertext
 * copied onto another row does not decrypt. Format: `v1.<iv b64url>.<ciphertext b64url>`.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

function importKey(base64Key: string): Promise<CryptoKey> {
  let key = keys.get(base64Key);
  if (!key) {
    const raw = Uint8Array.from(atob(base64Key), (c) => c.charCodeAt(0));
    if (raw.length !== 32) throw new Error("SECRETS_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(base64Key, key);
  }
  return key;
}

export async function sealSecret(base64Key: string, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, await importKey(base64Key), encoder.encode(plaintext));
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(sealed))}`;
}

export async function openSecret(base64Key: string, sealed: string, context: string): Promise<string> {
  const [version, iv, body] = sealed.split(".");
  if (version !== "v1" || !iv || !body) throw new Error("unknown sealed secret format");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromB64url(iv), additionalData: encoder.encode(context) },
    await importKey(base64Key),
    fromB64url(body),
  );
  return new TextDecoder().decode(plain);
}
