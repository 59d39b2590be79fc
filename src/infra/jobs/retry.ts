/** Exponential backoff for queue retries: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 5 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Deliveries of one message before a consumer stops retrying and writes a dead letter
 * instead. Below the queues' max_retries (wrangler.toml), so the consumer itself, not the
 * dead-letter queue, normally has the last word.
 */
export const MAX_ATTEMPTS = 8;

/** SQLSTATE classes that retrying the same input cannot fix: data exceptions, constraint violations, errors in our SQL, raised exceptions. */
const PERMANENT_SQLSTATE = /^(22|23|42|P0|2F|39)/;

/**
 * True when `err` is a failure that another attempt with the same input cannot fix (bad
 * data, a violated constraint, a bug in our SQL). Unknown errors count as transient: they
 * are retried, and dead-lettered once MAX_ATTEMPTS is reached.
 */
export function isPermanentFailure(err: unknown): boolean {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 3; depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return PERMANENT_SQLSTATE.test(e.code);
    e = e.cause as typeof e;
  }
  return false;
}
