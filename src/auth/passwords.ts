import { fromBase64, toBase64 } from "../infra/encoding";

/**
 * Password hashing within what Cloudflare Workers allows: PBKDF2-SHA256 with at most
 * 100,000 iterations (production WebCrypto refuses more; local workerd does not, so a unit
 * test pins the limit). OWASP asks 600,000 for PBKDF2-SHA256 alone; the gap is covered by
 * a secret pepper (the PASSWORD_PEPPER binding, never in the database): the password is
 * HMAC'd with it first, so a stolen table cannot be attacked without the worker's secret.
 *
 * Stored form: `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`. The parameters travel
 * with each hash, so they can be raised later: `verifyPassword` reports `needsRehash` and
 * sign-in rewrites the hash with the current parameters.
 */

const SCHEME = "pbkdf2-sha256";
/** The ceiling Workers enforces in production. Never exceed it: sign-in would throw. */
export const MAX_PBKDF2_ITERATIONS = 100_000;
/** What new hashes use. */
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

const encoder = new TextEncoder();
const pepperKeys = new Map<string, Promise<CryptoKey>>();

function pepperKey(pepper: string): Promise<CryptoKey> {
  let key = pepperKeys.get(pepper);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(pepper), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    pepperKeys.set(pepper, key);
  }
  return key;
}

async function derive(password: string, pepper: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  if (iterations > MAX_PBKDF2_ITERATIONS) throw new Error(`PBKDF2 iterations ${iterations} exceed the Workers limit of ${MAX_PBKDF2_ITERATIONS}`);
  const peppered = await crypto.subtle.sign("HMAC", await pepperKey(pepper), encoder.encode(password.normalize("NFKC")));
  const material = await crypto.subtle.importKey("raw", peppered, "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations }, material, HASH_BITS);
  return new Uint8Array(bits);
}

/** A new self-describing hash of `password` (with today's parameters unless told otherwise). */
export async function hashPassword(password: string, pepper: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, pepper, salt, iterations);
  return `${SCHEME}$${iterations}$${toBase64(salt, { pad: false })}$${toBase64(hash, { pad: false })}`;
}

interface ParsedHash {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

function parse(stored: string): ParsedHash | null {
  const [scheme, iterationsText, saltText, hashText, ...rest] = stored.split("$");
  if (scheme !== SCHEME || rest.length > 0 || !iterationsText || !/^\d{1,7}$/.test(iterationsText)) return null;
  const iterations = Number(iterationsText);
  const salt = fromBase64(saltText ?? "");
  const hash = fromBase64(hashText ?? "");
  // A stored hash asking for more than Workers allows cannot be checked there: refuse it
  // plainly rather than fail at runtime in production only.
  if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS || !salt || !hash || hash.length !== HASH_BITS / 8) return null;
  return { iterations, salt, hash };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Checks `password` against a stored hash. `needsRehash` is true when the hash was made
 * with weaker parameters than today's. A null or unreadable hash never matches, but still
 * costs one derivation, so timing does not tell whether an account has a password.
 */
export async function verifyPassword(password: string, stored: string | null, pepper: string): Promise<{ ok: boolean; needsRehash: boolean }> {
  const parsed = stored ? parse(stored) : null;
  if (!parsed) {
    await derive(password, pepper, new Uint8Array(SALT_BYTES), PASSWORD_ITERATIONS);
    return { ok: false, needsRehash: false };
  }
  const candidate = await derive(password, pepper, parsed.salt, parsed.iterations);
  const ok = equalBytes(candidate, parsed.hash);
  return { ok, needsRehash: ok && parsed.iterations < PASSWORD_ITERATIONS };
}
