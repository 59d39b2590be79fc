import { openDb } from "../db/client";
import { purgeExpiredAuthRows } from "../db/lookups";
import { appEnv } from "../env";
import { deliverOutbox } from "./outbox";
import { senderFor } from "./transports";

/**
 * The app worker's cron: retries mail whose first delivery failed (or whose sender died
 * mid-send) and drops finished rate-limit windows and long-dead tokens.
 */
export async function runAccountHousekeeping(rawEnv: object): Promise<void> {
  const env = appEnv(rawEnv);
  const { db, close } = openDb(env);
  try {
    const sender = senderFor(env);
    if (sender) {
      const result = await deliverOutbox(db, sender, env.EMAIL_FROM, null, 50);
      if (result.sent + result.failed > 0) console.log(JSON.stringify({ level: "info", message: "email outbox pass", ...result }));
    }
    await purgeExpiredAuthRows(db);
  } finally {
    await close();
  }
}
