import type { Db } from "../db/client";
import { purgeExpiredIdempotencyKeys } from "../db/lookups";

/**
 * Cron work that forgets what we promised not to keep: idempotency records past their
 * 24 h replay window (they hold whole API responses).
 */
export async function purgeExpiredRecords(db: Db): Promise<void> {
  const idempotencyKeys = await purgeExpiredIdempotencyKeys(db);
  if (idempotencyKeys > 0) console.log(JSON.stringify({ level: "info", message: "retention purge", idempotency_keys: idempotencyKeys }));
}
