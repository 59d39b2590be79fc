import { hmacKey, hmacSha256, timingSafeEqualBytes } from "../infra/crypto";
import { hmacSha256Key, hmacSha256Sync, type HmacSha256Key } from "../infra/edge/hmac-sha256";
import { fromBase32, toBase32 } from "../infra/encoding";
import { isId } from "../infra/ids";

/**
 * Click ids carry their own proof, so attribution never depends on the click row having
 * been written yet (analytics may lag; a sale may not).
 *
 *   clk_ + base64url( payload[32] | tag[10] )                    → 60 characters
 *   payload = version[1] | link id[17] | clicked at ms[6] | cookie window days[2]
 *           | flags[1] (bit 0: first-click campaign) | random[5]
 *   tag     = HMAC-SHA256(CLICK_SIGNING_SECRET, payload)[0..10]
 *
 * An 80-bit tag cannot be guessed online; the version byte leaves room for a new format
 * or a rotated secret. rk.js reads the window and time (it cannot check the tag) to
 * expire its cookie exactly when the attribution window closes.
 */
export interface ClickClaims {
  linkId: string;
  clickedAt: number;
  windowDays: number;
  firstClick: boolean;
}

const VERSION = 1;
const PAYLOAD_BYTES = 32;
const TAG_BYTES = 10;
export const CLICK_ID_PATTERN = /^clk_[A-Za-z0-9_-]{56}$/;

const LINK_PREFIX = "lnk_";

/**
 * The 42 bytes of a click id are 14 whole base64 groups, so its 56 characters need no
 * padding: encoded and decoded here with a table, in one string allocation, rather than
 * through btoa/atob and three regex replaces per click.
 */
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE64URL_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) BASE64URL_VALUE[BASE64URL.charCodeAt(i)] = i;
const ID_CHARS = ((PAYLOAD_BYTES + TAG_BYTES) / 3) * 4;
const idCodes = new Array<number>(ID_CHARS);

function encodeIdBytes(bytes: Uint8Array): string {
  for (let i = 0, o = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    idCodes[o++] = BASE64URL.charCodeAt(n >>> 18);
    idCodes[o++] = BASE64URL.charCodeAt((n >>> 12) & 63);
    idCodes[o++] = BASE64URL.charCodeAt((n >>> 6) & 63);
    idCodes[o++] = BASE64URL.charCodeAt(n & 63);
  }
  return String.fromCharCode.apply(null, idCodes);
}

/** The bytes of the 56 base64url characters after `clk_` (CLICK_ID_PATTERN already held). */
function decodeIdBytes(id: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(PAYLOAD_BYTES + TAG_BYTES);
  for (let i = 4, o = 0; o < bytes.length; i += 4) {
    const n = (BASE64URL_VALUE[id.charCodeAt(i)]! << 18) | (BASE64URL_VALUE[id.charCodeAt(i + 1)]! << 12) | (BASE64URL_VALUE[id.charCodeAt(i + 2)]! << 6) | BASE64URL_VALUE[id.charCodeAt(i + 3)]!;
    bytes[o++] = n >>> 16;
    bytes[o++] = (n >>> 8) & 255;
    bytes[o++] = n & 255;
  }
  return bytes;
}

/**
 * The 26 base32 characters of a link id are 130 bits: two zero characters pad them to 17
 * whole bytes (6 zero bits at the end), and the first 26 characters of those bytes' base32
 * are the id again.
 */
function packLinkId(linkId: string): Uint8Array {
  return fromBase32(`${linkId.slice(LINK_PREFIX.length)}00`)!;
}

function unpackLinkId(bytes: Uint8Array): string {
  return LINK_PREFIX + toBase32(bytes).slice(0, 26);
}

const keys = new Map<string, Promise<CryptoKey>>();

/** The WebCrypto HMAC key for a CLICK_SIGNING_SECRET, imported once per isolate (the app's consumers). */
export function clickSigningKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = hmacKey(new Uint8Array(new TextEncoder().encode(secret)));
    keys.set(secret, key);
    key.catch(() => keys.delete(secret));
  }
  return key;
}

/**
 * Packed link ids, validated once per link and isolate: a warm redirect neither re-runs
 * the id pattern nor decodes base32 again. Bounded by clearing (an isolate serves a few
 * hot links, and repacking is cheap).
 */
const packedLinks = new Map<string, Uint8Array>();
const MAX_PACKED_LINKS = 4096;

function packedLink(linkId: string): Uint8Array {
  let packed = packedLinks.get(linkId);
  if (!packed) {
    if (!isId("link", linkId)) throw new Error(`not a link id: ${linkId}`);
    if (packedLinks.size >= MAX_PACKED_LINKS) packedLinks.clear();
    packed = packLinkId(linkId);
    packedLinks.set(linkId, packed);
  }
  return packed;
}

/** The 32-byte payload of a fresh click id, in the first bytes of a 42-byte buffer. */
function payloadFor(claims: ClickClaims): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(PAYLOAD_BYTES + TAG_BYTES);
  const view = new DataView(bytes.buffer);
  bytes[0] = VERSION;
  bytes.set(packedLink(claims.linkId), 1);
  view.setUint16(18, Math.floor(claims.clickedAt / 2 ** 32));
  view.setUint32(20, claims.clickedAt >>> 0);
  view.setUint16(24, claims.windowDays);
  bytes[26] = claims.firstClick ? 1 : 0;
  crypto.getRandomValues(bytes.subarray(27, PAYLOAD_BYTES));
  return bytes;
}

function claimsOf(bytes: Uint8Array): ClickClaims {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return {
    linkId: unpackLinkId(bytes.subarray(1, 18)),
    clickedAt: view.getUint16(18) * 2 ** 32 + view.getUint32(20),
    windowDays: view.getUint16(24),
    firstClick: (bytes[26]! & 1) === 1,
  };
}

/** A fresh signed click id for a click on `claims.linkId` at `claims.clickedAt`. */
export async function mintClickId(key: CryptoKey, claims: ClickClaims): Promise<string> {
  const bytes = payloadFor(claims);
  const tag = await hmacSha256(key, bytes.subarray(0, PAYLOAD_BYTES));
  bytes.set(tag.subarray(0, TAG_BYTES), PAYLOAD_BYTES);
  return `clk_${encodeIdBytes(bytes)}`;
}

/** The claims of a genuine click id; null for anything malformed, tampered or forged. */
export async function verifyClickId(key: CryptoKey, clickId: string): Promise<ClickClaims | null> {
  if (!CLICK_ID_PATTERN.test(clickId)) return null;
  const bytes = decodeIdBytes(clickId);
  if (bytes[0] !== VERSION) return null;
  const expected = (await hmacSha256(key, bytes.subarray(0, PAYLOAD_BYTES))).subarray(0, TAG_BYTES);
  if (!timingSafeEqualBytes(expected, bytes.subarray(PAYLOAD_BYTES))) return null;
  return claimsOf(bytes);
}

/*
 * The edge's synchronous twins of mintClickId and verifyClickId: the same ids, HMAC-SHA256
 * with the pads precomputed per secret (src/infra/edge/hmac-sha256.ts), so the warm
 * redirect and the S2S click check await nothing. The app's consumers keep the WebCrypto
 * ones (they verify a batch at once, off the hot path).
 */

const macs = new Map<string, HmacSha256Key>();
const tag = new Uint8Array(32);

/** The HMAC key of a CLICK_SIGNING_SECRET with its pads hashed, once per isolate. */
export function clickMac(secret: string): HmacSha256Key {
  let mac = macs.get(secret);
  if (!mac) {
    if (macs.size >= 8) macs.clear(); // one secret per deployment; a few while tests vary it
    mac = hmacSha256Key(secret);
    macs.set(secret, mac);
  }
  return mac;
}

/** mintClickId, synchronously. */
export function mintClickIdNow(mac: HmacSha256Key, claims: ClickClaims): string {
  const bytes = payloadFor(claims);
  hmacSha256Sync(mac, bytes.subarray(0, PAYLOAD_BYTES), tag);
  bytes.set(tag.subarray(0, TAG_BYTES), PAYLOAD_BYTES);
  return `clk_${encodeIdBytes(bytes)}`;
}

/** verifyClickId, synchronously. */
export function verifyClickIdNow(mac: HmacSha256Key, clickId: string): ClickClaims | null {
  if (!CLICK_ID_PATTERN.test(clickId)) return null;
  const bytes = decodeIdBytes(clickId);
  if (bytes[0] !== VERSION) return null;
  hmacSha256Sync(mac, bytes.subarray(0, PAYLOAD_BYTES), tag);
  if (!timingSafeEqualBytes(tag.subarray(0, TAG_BYTES), bytes.subarray(PAYLOAD_BYTES))) return null;
  return claimsOf(bytes);
}
