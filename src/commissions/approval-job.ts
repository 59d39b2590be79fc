import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { describeDbError } from "../infra/db/errors";
import { dueCommissions } from "../infra/db/lookups";
import { withBrand } from "../infra/db/principal";
import { enqueueDeliveries } from "../webhooks/enqueue";
import { approveDue } from "./lifecycle";

/**
 * Cron (every minute): approves earnings whose hold period has passed and that no fraud
 * check holds for review, announcing each as `commission.approved`. Cheap when idle: one
 * indexed lookup (`due_commissions`, the only cross-brand read), then one transaction per
 * brand under its own principal, which rechecks every condition. A brand that fails is
 * retried next minute without holding up the others. Returns how many were approved.
 */
export async function approveDueCommissions(config: Pick<AppConfig, "WEBHOOKS">, db: Db): Promise<number> {
  const due = await dueCommissions(db, 500);
  const byBrand = new Map<string, string[]>();
  for (const r of due) byBrand.set(r.brand_id, [...(byBrand.get(r.brand_id) ?? []), r.commission_id]);
  let approved = 0;
  let failure: unknown;
  for (const [brandId, ids] of byBrand) {
    try {
      const result = await withBrand(db, brandId, (tx) => approveDue(tx, ids));
      approved += result.approved;
      await enqueueDeliveries(config.WEBHOOKS, brandId, result.deliveries).catch((err: unknown) =>
        console.error(JSON.stringify({ level: "warn", message: "webhook enqueue failed; the sweeper will retry", error: String(err) })),
      );
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "commission approval failed; next run retries", brand_id: brandId, error: describeDbError(err) }));
      failure ??= err;
    }
  }
  if (failure) throw failure;
  return approved;
}
