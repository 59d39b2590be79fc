import { hmacHex, timingSafeEqual } from "../crypto";

/**
 * Short-lived signed URLs for private files (R2 has no presigned URLs in local dev, and
 * S3-style ones would expose account details): the app worker issues
 * `/files/<kind>/{id}?exp=…&sig=…` after its own authorization check, and serves it without
 * a session. `sig` is hex HMAC-SHA256(FILE_URL_SECRET, purpose, id, exp), so a URL opens
 * exactly one file, of one kind, until `exp`.
 */

/** What a URL may open: part of the signed message, so a URL for one kind never opens another. */
export const FILE_PATHS = { tax_form: "/files/tax-forms", help_screenshot: "/files/help" } as const;
export type FilePurpose = keyof typeof FILE_PATHS;

/** Signed file URLs live at most this long. */
export const FILE_URL_TTL_SECONDS = 300;

function signature(secret: string, purpose: FilePurpose, id: string, exp: string): Promise<string> {
  return hmacHex("SHA-256", secret, `${purpose}\n${id}\n${exp}`);
}

/** A path (relative to the app's origin) that opens file `id` until `expiresAt`. */
export async function signFileUrl(
  secret: string,
  purpose: FilePurpose,
  id: string,
  opts: { now?: number; ttlSeconds?: number } = {},
): Promise<{ path: string; expiresAt: Date }> {
  const exp = Math.floor((opts.now ?? Date.now()) / 1000) + Math.min(opts.ttlSeconds ?? FILE_URL_TTL_SECONDS, FILE_URL_TTL_SECONDS);
  const sig = await signature(secret, purpose, id, String(exp));
  return { path: `${FILE_PATHS[purpose]}/${encodeURIComponent(id)}?exp=${exp}&sig=${sig}`, expiresAt: new Date(exp * 1000) };
}

export type FileUrlCheck = "valid" | "invalid" | "expired";

/**
 * Checks a request's `exp` and `sig` for file `id`: the signature first (constant-time),
 * so only a URL Rekomi issued can be told apart as expired. An expiry further ahead than
 * any issued URL could have is refused as invalid.
 */
export async function checkFileUrl(
  secret: string,
  purpose: FilePurpose,
  id: string,
  query: { exp: string | undefined; sig: string | undefined },
  now = Date.now(),
): Promise<FileUrlCheck> {
  const { exp, sig } = query;
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return "invalid";
  if (!timingSafeEqual(sig, await signature(secret, purpose, id, exp))) return "invalid";
  const left = Number(exp) - Math.floor(now / 1000);
  if (left <= 0) return "expired";
  if (left > FILE_URL_TTL_SECONDS) return "invalid";
  return "valid";
}
