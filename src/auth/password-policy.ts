import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase; bounds the work one request can ask for. */
export const MAX_PASSWORD_LENGTH = 200;

let common: Set<string> | undefined;

/**
 * Why `password` is refused, or null when it is acceptable. Length first (NIST 800-63B:
 * length and a blocklist, no composition rules), then the most common passwords, the
 * account's own email, and one character repeated.
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  common ??= new Set(COMMON_PASSWORDS);
  if (common.has(lower)) return "is one of the most common passwords; choose another";
  const email = context.email?.toLowerCase();
  if (email && (lower === email || lower === email.split("@")[0])) return "must not be your email address";
  if (/^(.)\1*$/u.test(password)) return "must not repeat a single character";
  return null;
}
