import type { Db } from "../infra/db/client";
import { purgeExpiredAuthRows } from "../infra/db/lookups";
import type { AppEnv } from "../infra/env";
import { deliverOutbox } from "./outbox";
import { emailFrom, senderFor } from "./transports";

/**
 * Cron work for accounts: retries mail whose first delivery failed (or whose sender died
 * mid-send), and drops finished rate-limit windows and long-dead tokens.
 */
export async function runAccountHousekeeping(env: AppEnv, db: Db): Promise<void> {
  const sender = senderFor(env);
  if (sender) {
    const result = await deliverOutbox(db, sender, emailFrom(env), null, 50);
    if (result.sent + result.failed > 0) console.log(JSON.stringify({ level: "info", message: "email outbox pass", ...result }));
  }
  await purgeExpiredAuthRows(db);
}
