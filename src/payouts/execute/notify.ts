import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "../../audit/log";
import { enqueueEmail } from "../../email/outbox";
import { payoutRunFailed } from "../../email/templates";
import type { AppConfig } from "../../infra/app/config";
import type { Tx } from "../../infra/db/client";
import { brandMembers, brands, users } from "../../infra/db/schema";
import { formatMoney } from "../../money";
import type { Refusal } from "./stripe-errors";
import type { Run } from "./records";

/**
 * Tells the brand its run's charge failed, in the transaction that records it: an email to
 * each owner and admin (those who may retry or cancel) and the audit log entry.
 */
export async function tellChargeFailed(tx: Tx, config: Pick<AppConfig, "APP_ORIGIN" | "EMAIL_TRANSPORT">, run: Run, refusal: Refusal): Promise<void> {
  const [brand] = await tx.select({ name: brands.name }).from(brands).where(eq(brands.id, run.brandId));
  const managers = await tx
    .select({ userId: users.id, email: users.email })
    .from(brandMembers)
    .innerJoin(users, eq(users.id, brandMembers.userId))
    .where(and(eq(brandMembers.brandId, run.brandId), inArray(brandMembers.role, ["owner", "admin"])));
  const content = payoutRunFailed({
    brandName: brand?.name ?? "Your brand",
    amount: formatMoney(run.chargeAmount, run.currency),
    reason: refusal.message,
    url: `${config.APP_ORIGIN}/brands/${run.brandId}/payouts`,
  });
  for (const m of managers) await enqueueEmail(tx, config, { brandId: run.brandId, to: m.email, content });
  await recordAudit(tx, {
    brandId: run.brandId,
    actor: { type: "system", id: null },
    action: "payout_run.failed",
    target: { type: "payout_run", id: run.id },
    metadata: { attempt: run.attempt, failure_code: refusal.code, charge_amount: run.chargeAmount, currency: run.currency },
    client: null,
  });
}
