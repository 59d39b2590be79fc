import { randomBytes } from "node:crypto";

const LOWER = "0123456789abcdefghjkmnpqrstvwxyz";

/** A Paddle id: prefix and 26 lowercase characters (`^ntfset_[a-z\d]{26}$`). */
export function paddleId(prefix: string): string {
  let out = "";
  for (const byte of randomBytes(26)) out += LOWER[byte % LOWER.length];
  return `${prefix}_${out}`;
}
