/**
 * HMAC-SHA256 computed synchronously, with the key's inner and outer pad blocks hashed once
 * per key (RFC 2104: H((K ^ opad) || H((K ^ ipad) || m)); both pads are one block, so their
 * compressed states can be kept). A click id's 32-byte payload then costs two compressions
 * and no promise: the warm redirect awaits nothing. WebCrypto would re-derive both pads on
 * every `sign` and answer through a promise, which under load is a turn of the event loop
 * per click. Same bytes as WebCrypto's HMAC (test/node/unit/hmac-sha256.test.ts checks it
 * against it for many keys and lengths). SHA-256 is add-rotate-xor only, no secret-indexed
 * table, so its time does not depend on the key or the data.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
  0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
  0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Scratch space: the isolate runs one request's JavaScript at a time and nothing here awaits. */
const W = new Int32Array(64);
const block = new Uint8Array(64);

/** One SHA-256 compression of `bytes[at..at+64]` into `state`. */
function compress(state: Int32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) W[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!, b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/**
 * Finishes a hash whose state already absorbed `prefixBytes` bytes (whole blocks), over
 * `data`, writing the 32-byte digest into `out`.
 */
function finish(state: Int32Array, prefixBytes: number, data: Uint8Array, out: Uint8Array): void {
  const whole = data.length - (data.length % 64);
  for (let at = 0; at < whole; at += 64) compress(state, data, at);
  const rest = data.length - whole;
  block.fill(0);
  block.set(data.subarray(whole), 0);
  block[rest] = 0x80;
  if (rest >= 56) {
    compress(state, block, 0);
    block.fill(0);
  }
  // Bit length; messages here are far below 2^32 bits' worth of high word concerns, but both words are written.
  const bits = (prefixBytes + data.length) * 8;
  const high = Math.floor(bits / 2 ** 32);
  block[56] = high >>> 24;
  block[57] = (high >>> 16) & 255;
  block[58] = (high >>> 8) & 255;
  block[59] = high & 255;
  block[60] = bits >>> 24;
  block[61] = (bits >>> 16) & 255;
  block[62] = (bits >>> 8) & 255;
  block[63] = bits & 255;
  compress(state, block, 0);
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 255;
    out[i * 4 + 2] = (v >>> 8) & 255;
    out[i * 4 + 3] = v & 255;
  }
}

/** A key with its pads already compressed. */
export interface HmacSha256Key {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

const encoder = new TextEncoder();

/** Prepares `secret` (a UTF-8 string or raw bytes) as WebCrypto's `importKey("raw", …, HMAC SHA-256)` would. */
export function hmacSha256Key(secret: string | Uint8Array): HmacSha256Key {
  let raw = typeof secret === "string" ? encoder.encode(secret) : secret;
  if (raw.length > 64) {
    const digest = new Uint8Array(32);
    finish(INITIAL.slice(), 0, raw, digest);
    raw = digest;
  }
  const pad = new Uint8Array(64);
  const inner = INITIAL.slice();
  const outer = INITIAL.slice();
  for (let i = 0; i < 64; i++) pad[i] = (raw[i] ?? 0) ^ 0x36;
  compress(inner, pad, 0);
  for (let i = 0; i < 64; i++) pad[i] = (raw[i] ?? 0) ^ 0x5c;
  compress(outer, pad, 0);
  return { inner, outer };
}

const innerDigest = new Uint8Array(32);
const state = new Int32Array(8);

/** HMAC-SHA256 of `data` under `key`: 32 bytes, into `out` when given. */
export function hmacSha256Sync(key: HmacSha256Key, data: Uint8Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  state.set(key.inner);
  finish(state, 64, data, innerDigest);
  state.set(key.outer);
  finish(state, 64, innerDigest, out);
  return out;
}

/** SHA-256 of `data`, synchronously (the edge's event ids and body fingerprints). */
export function sha256Sync(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  state.set(INITIAL);
  finish(state, 0, data, out);
  return out;
}
