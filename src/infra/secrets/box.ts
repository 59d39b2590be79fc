import { fromBase64, toBase64Url } from "../encoding";

/**
 * Secrets Rekomi must use later (webhook signing secrets, gateway secrets) cannot be
 * hashed, so they are encrypted at rest: AES-256-GCM under SECRETS_ENCRYPTION_KEY, with
 * the row's context (e.g. `webhook_endpoint:whe_…`) as additional data so a ciphertext
 * copied onto another row does not decrypt. Format: `v1.<iv b64url>.<ciphertext b64url>`.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function importKey(base64Key: string): Promise<CryptoKey> {
  let key = keys.get(base64Key);
  if (!key) {
    const raw = fromBase64(base64Key);
    if (raw?.length !== 32) throw new Error("SECRETS_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(base64Key, key);
  }
  return key;
}

export async function sealSecret(base64Key: string, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, await importKey(base64Key), encoder.encode(plaintext));
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

export async function openSecret(base64Key: string, sealed: string, context: string): Promise<string> {
  const [version, ivText, bodyText] = sealed.split(".");
  const iv = fromBase64(ivText ?? "");
  const body = fromBase64(bodyText ?? "");
  if (version !== "v1" || !iv || !body) throw new Error("unknown sealed secret format");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    await importKey(base64Key),
    body,
  );
  return new TextDecoder().decode(plain);
}
