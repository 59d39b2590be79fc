import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/log";
import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { describeDbError } from "../infra/db/errors";
import { duePayoutPolicies } from "../infra/db/lookups";
import { withBrand } from "../infra/db/principal";
import { payoutPolicies } from "../infra/db/schema";
import { enqueueDeliveries } from "../webhooks/enqueue";
import { nextRunAt } from "./next-run";
import { readPolicy } from "./policy/policy";
import { approveRun, queueAdvance } from "./runs/approve";
import { openRun } from "./runs/open";

const SCHEDULE = "schedule";
const system = { type: "system", id: SCHEDULE } as const;

/**
 * Cron (every minute): opens the runs payout policies say are due. One indexed lookup
 * (`due_payout_policies`, the only cross-brand read), then one transaction per brand under
 * its own principal: `next_run_at` moves to the next occurrence, and a run is opened unless
 * a person's draft or a run whose money moves is open (openRun; a stale scheduled draft is
 * replaced, and nothing is kept when there is nothing to transfer). When the policy does not
 * require approval and a method is saved, the run is approved at once and handed to the
 * money mover. A brand that fails is retried next minute (its `next_run_at` did not move)
 * without holding up the others. Returns the runs opened.
 */
export async function openScheduledRuns(config: Pick<AppConfig, "PAYOUTS_QUEUE" | "WEBHOOKS" | "STRIPE_PLATFORM_COUNTRY">, db: Db, now = new Date()): Promise<string[]> {
  const opened: string[] = [];
  let failure: unknown;
  const platformCountry = config.STRIPE_PLATFORM_COUNTRY;
  for (const { brand_id: brandId } of await duePayoutPolicies(db, 50)) {
    try {
      const step = await withBrand(db, brandId, async (tx) => {
        const policy = await readPolicy(tx, brandId, platformCountry, { forUpdate: true });
        // Another cron invocation advanced it while this one waited on the row.
        if (!policy.nextRunAt || policy.nextRunAt > now) return null;
        await tx.update(payoutPolicies).set({ nextRunAt: nextRunAt(policy, now), updatedAt: now }).where(eq(payoutPolicies.brandId, brandId));
        const runId = await openRun(tx, brandId, { trigger: "schedule", createdBy: SCHEDULE, platformCountry }, now);
        if (!runId) return null;
        await recordAudit(tx, { brandId, actor: system, action: "payout_run.created", target: { type: "payout_run", id: runId }, client: null });
        if (policy.requiresApproval || !policy.paymentMethod) return { runId, approved: false, deliveries: [] };
        const { deliveries } = await approveRun(tx, brandId, runId, { approvedBy: SCHEDULE, platformCountry }, now);
        await recordAudit(tx, { brandId, actor: system, action: "payout_run.approved", target: { type: "payout_run", id: runId }, client: null });
        return { runId, approved: true, deliveries };
      });
      if (!step) continue;
      opened.push(step.runId);
      if (step.approved) await queueAdvance(config, brandId, step.runId);
      await enqueueDeliveries(config.WEBHOOKS, brandId, step.deliveries).catch((err: unknown) =>
        console.error(JSON.stringify({ level: "warn", message: "webhook enqueue failed; the sweeper will retry", error: String(err) })),
      );
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "scheduled payout run failed; next minute retries", brand_id: brandId, error: describeDbError(err) }));
      failure ??= err;
    }
  }
  if (failure) throw failure;
  return opened;
}
