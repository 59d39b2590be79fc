import type { Db } from "../infra/db/client";
import { recordTaxFormFilePurged, supersededTaxFormFilesDue } from "../infra/db/lookups";
import { newId } from "../infra/ids";

/**
 * How long the file of a superseded tax form stays in R2. A superseded form still answers
 * questions about reviews and payouts made while it was current for a while; after that
 * the SSN it carries is only a liability. The row (type, signature date, SHA-256, review)
 * and the audit trail are kept; `file_purged_at` records when the file went.
 */
export const SUPERSEDED_FILE_RETENTION_DAYS = 90;

const BATCH = 100;

/**
 * Cron: deletes from R2 the files of forms superseded more than the retention window ago,
 * then records each purge (row stamp and `tax_form.file_purged` audit event). The file goes
 * first: if recording fails, the next run deletes again (a no-op in R2) and records then.
 */
export async function purgeSupersededTaxFormFiles(db: Db, bucket: R2Bucket, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - SUPERSEDED_FILE_RETENTION_DAYS * 86_400_000);
  const due = await supersededTaxFormFilesDue(db, before, BATCH);
  let purged = 0;
  for (const { tax_form_id: id, object_key: objectKey } of due) {
    await bucket.delete(objectKey);
    if (await recordTaxFormFilePurged(db, id, newId("auditEvent"))) purged++;
  }
  return purged;
}
