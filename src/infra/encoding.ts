/**
 * Bytes as text, RFC 4648: base64 (Standard Webhooks secrets and signatures, password
 * hashes), base64url (tokens in links, cursors, click ids, sealed secrets) and base32 in
 * the alphabet of our ids. Every encoder and decoder in Rekomi is one of these.
 */

/** Standard base64, padded unless `pad: false`. */
export function toBase64(bytes: Uint8Array, { pad = true }: { pad?: boolean } = {}): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  const text = btoa(binary);
  return pad ? text : text.replace(/=+$/, "");
}

/** URL-safe base64 without padding: fits query strings, paths and cookies as it is. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes, { pad: false }).replace(/\+/g, "-").replace(/\//g, "_");
}

/** Decodes base64 or base64url, padded or not; null when `text` is neither. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The base32 alphabet of ids (src/infra/ids.ts): Crockford's, lowercase, so ids read
 * without ambiguous letters (no i, l, o, u) and sort like the bytes they encode.
 */
export const BASE32_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Base32 of `bytes`, RFC 4648 bit order (most significant first) in BASE32_ALPHABET, unpadded. */
export function toBase32(bytes: Uint8Array): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/**
 * The bytes of unpadded base32 text (the inverse of toBase32): trailing bits that do not
 * fill a byte are dropped. Null when a character is outside BASE32_ALPHABET.
 */
export function fromBase32(text: string): Uint8Array<ArrayBuffer> | null {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let acc = 0;
  let bits = 0;
  let pos = 0;
  for (const ch of text) {
    const value = BASE32_ALPHABET.indexOf(ch);
    if (value < 0) return null;
    acc = ((acc << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[pos++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
