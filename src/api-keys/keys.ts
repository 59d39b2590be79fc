import { randomBase62, sha256Hex } from "../infra/crypto";

/** `rk_live_` + 32 base62 characters: ~190 bits, so a fast hash is enough at rest. */
const KEY_SHAPE = /^rk_(live|test)_[0-9A-Za-z]{32}$/;

export function generateApiKey(mode: "live" | "test" = "live"): { key: string; prefix: string } {
  const key = `rk_${mode}_${randomBase62(32)}`;
  return { key, prefix: key.slice(0, 12) };
}

export function isApiKeyShaped(key: string): boolean {
  return KEY_SHAPE.test(key);
}

/** What is stored and looked up: never the key itself. */
export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}
