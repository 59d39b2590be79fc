import type { Db } from "../db/client";
import { purgeExpiredIdempotencyKeys } from "../db/lookups";
import type { AppConfig } from "../app/config";
import { purgeSupersededTaxFormFiles } from "../../tax-forms/retention";
import { purgeUnconfirmedSubscribers } from "../../status/subscribers";

/**
 * Cron work that forgets what we promised not to keep: idempotency records past their
 * 24 h replay window (they hold whole API responses), and the files of tax forms
 * superseded longer ago than their retention window (src/tax-forms/retention.ts), and status
 * page addresses never confirmed within their link's 48 h.
 */
export async function purgeExpiredRecords(config: Pick<AppConfig, "TAX_FORMS">, db: Db): Promise<void> {
  const idempotencyKeys = await purgeExpiredIdempotencyKeys(db);
  const taxFormFiles = await purgeSupersededTaxFormFiles(db, config.TAX_FORMS);
  const statusSubscribers = await purgeUnconfirmedSubscribers(db);
  if (idempotencyKeys + taxFormFiles + statusSubscribers > 0) {
    console.log(JSON.stringify({ level: "info", message: "retention purge", idempotency_keys: idempotencyKeys, tax_form_files: taxFormFiles, unconfirmed_status_subscribers: statusSubscribers }));
  }
}
