import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 text, the alphabet of Stripe's ids and secrets. */
export function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % 62];
  return out;
}

/** A Stripe-looking id: its prefix says what it is (`ch_`, `tr_`, `acct_`…), as at Stripe. */
export function stripeId(prefix: string): string {
  return `${prefix}_1${base62(prefix === "acct" ? 15 : 23)}`;
}

/** Unix seconds, the unit of every Stripe timestamp. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
