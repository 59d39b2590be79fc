import { sha256Hex } from "../infra/crypto";
import { toBase64Url } from "../infra/encoding";

/** How long each kind of emailed link works. */
export const TOKEN_TTL_MS = {
  verify_email: 24 * 3600_000,
  change_email: 24 * 3600_000,
  reset_password: 30 * 60_000,
  invitation: 7 * 24 * 3600_000,
  /** Creator invitations enroll at once (approved), so they live briefly. */
  creator_invitation: 72 * 3600_000,
} as const;

/** A new random token (32 bytes, base64url: what emailed links carry) and the SHA-256 stored instead of it. */
export async function newToken(): Promise<{ token: string; hash: string }> {
  const token = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { token, hash: await hashToken(token) };
}

export function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}
