import type { Db } from "../infra/db/client";
import { purgeExpiredAuthRows } from "../infra/db/lookups";
import type { AppConfig } from "../infra/app/config";
import { deliverOutbox } from "./outbox";
import { senderFor } from "./transports";

/**
 * Cron work for accounts: retries mail whose first delivery failed (or whose sender died
 * mid-send), and drops finished rate-limit windows and long-dead tokens.
 */
export async function runAccountHousekeeping(config: AppConfig, db: Db): Promise<void> {
  const sender = senderFor(config);
  if (sender) {
    const result = await deliverOutbox(db, sender, config.EMAIL_FROM, null, 50);
    if (result.sent + result.failed > 0) console.log(JSON.stringify({ level: "info", message: "email outbox pass", ...result }));
  }
  await purgeExpiredAuthRows(db);
}
