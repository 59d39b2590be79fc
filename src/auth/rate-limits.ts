import { sha256Hex } from "../infra/crypto";
import type { Db, Tx } from "../infra/db/client";
import { rateLimitClear, rateLimitHit, rateLimitPeek } from "../infra/db/lookups";
import { ApiError } from "../infra/http/errors";

/**
 * Rate limits, counted in Postgres (the one consistent store here: per-isolate memory
 * would let an attacker spread attempts over isolates). Fixed windows; bucket keys are
 * SHA-256 of `limit:subject`, so no IP or email is stored.
 *
 * Sign-in is limited so that an attacker cannot lock a real user out:
 * - per IP, every attempt: stops one machine from spraying many accounts;
 * - per account AND IP, failures only: stops guessing one account from one place, and
 *   only that place is slowed, never the real user on their own network;
 * - per account, failures only, from devices that never signed in to it: stops guessing
 *   spread over many IPs. A browser that signed in to the account before carries a signed
 *   device cookie and skips this bucket, so a botnet cannot lock the owner out of their own
 *   laptop; a new device can still get in through a password reset, which clears the
 *   account's failure buckets (owning the mailbox proves enough).
 * Failures count for unknown emails exactly as for real ones, so limits reveal nothing.
 */
export interface Limit {
  name: string;
  max: number;
  windowSeconds: number;
}

export const LIMITS = {
  signInPerIp: { name: "sign-in:ip", max: 30, windowSeconds: 15 * 60 },
  signInFailuresPerAccountIp: { name: "sign-in-failures:account-ip", max: 5, windowSeconds: 15 * 60 },
  signInFailuresPerAccount: { name: "sign-in-failures:account", max: 50, windowSeconds: 60 * 60 },
  signUpPerIp: { name: "sign-up:ip", max: 10, windowSeconds: 60 * 60 },
  signUpPerAccount: { name: "sign-up:account", max: 5, windowSeconds: 60 * 60 },
  resetPerIp: { name: "reset:ip", max: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { name: "reset:account", max: 5, windowSeconds: 60 * 60 },
  verificationMailPerUser: { name: "verification-mail:user", max: 5, windowSeconds: 60 * 60 },
  /** Wrong current passwords on re-authentication (a stolen session guessing it). */
  reauthFailuresPerUser: { name: "reauth-failures:user", max: 5, windowSeconds: 15 * 60 },
  invitationsPerBrand: { name: "invitations:brand", max: 50, windowSeconds: 60 * 60 },
  creatorInvitationsPerBrand: { name: "creator-invitations:brand", max: 100, windowSeconds: 60 * 60 },
  /** Every tax form upload attempt: each one can put 10 MB into R2. */
  taxFormUploadsPerCreator: { name: "tax-form-uploads:creator", max: 10, windowSeconds: 24 * 60 * 60 },
  /** Help messenger writes (messages, conversations, reports) by a signed-in user. */
  helpWritesPerUser: { name: "help-writes:user", max: 20, windowSeconds: 60 * 60 },
  /** Screenshots: each one can put 2 MB into R2. */
  helpScreenshotsPerUser: { name: "help-screenshots:user", max: 10, windowSeconds: 24 * 60 * 60 },
  /** The signed-out help form, per IP and per given address (staff replies go there). */
  helpVisitorPerIp: { name: "help-visitor:ip", max: 5, windowSeconds: 60 * 60 },
  helpVisitorPerEmail: { name: "help-visitor:email", max: 3, windowSeconds: 60 * 60 },
} as const satisfies Record<string, Limit>;

export interface Check {
  limit: Limit;
  subject: string;
}

async function keyOf(check: Check): Promise<string> {
  return sha256Hex(`${check.limit.name}:${check.subject.toLowerCase()}`);
}

export function rateLimited(retryAfterSeconds: number): ApiError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new ApiError("rate_limited", `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}

/** Counts one hit on each check and refuses (429, Retry-After) when any is over its max. */
export async function enforce(db: Db | Tx, checks: Check[]): Promise<void> {
  const keys = await Promise.all(checks.map(keyOf));
  const counts = await rateLimitHit(db, checks.map((ch, i) => ({ key: keys[i]!, windowSeconds: ch.limit.windowSeconds })));
  let retryAfter = 0;
  for (const [i, ch] of checks.entries()) {
    const count = counts.find((c) => c.key === keys[i]);
    if (count && count.hits > ch.limit.max) retryAfter = Math.max(retryAfter, count.retryAfterSeconds);
  }
  if (retryAfter > 0) throw rateLimited(retryAfter);
}

/** Refuses (429) when any check is already at its max, without counting. */
export async function refuseIfExhausted(db: Db | Tx, checks: Check[]): Promise<void> {
  if (checks.length === 0) return;
  const keys = await Promise.all(checks.map(keyOf));
  const counts = await rateLimitPeek(db, keys);
  let retryAfter = 0;
  for (const [i, ch] of checks.entries()) {
    const count = counts.find((c) => c.key === keys[i]);
    if (count && count.hits >= ch.limit.max) retryAfter = Math.max(retryAfter, count.retryAfterSeconds);
  }
  if (retryAfter > 0) throw rateLimited(retryAfter);
}

/** Counts a failure; returns which checks it brought exactly to their max (a burst). */
export async function countFailure(db: Db | Tx, checks: Check[]): Promise<Check[]> {
  const keys = await Promise.all(checks.map(keyOf));
  const counts = await rateLimitHit(db, checks.map((ch, i) => ({ key: keys[i]!, windowSeconds: ch.limit.windowSeconds })));
  return checks.filter((ch, i) => counts.find((c) => c.key === keys[i])?.hits === ch.limit.max);
}

export async function clearLimits(db: Db | Tx, checks: Check[]): Promise<void> {
  await rateLimitClear(db, await Promise.all(checks.map(keyOf)));
}
