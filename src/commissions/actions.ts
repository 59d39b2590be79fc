import { recordAudit, type AuditActor } from "../audit/log";
import type { ClientInfo } from "../auth/client-info";
import type { Tx } from "../infra/db/client";
import { approveCommission, releaseCommission, voidCommission, type Change } from "./lifecycle";

/** What a brand can do to a commission, through the REST API or the dashboard alike. */
export const COMMISSION_ACTIONS = {
  approve: {
    run: (tx: Tx, id: string) => approveCommission(tx, id),
    audit: "commission.approved",
    summary: "Approve a commission early",
    description:
      "Approves a pending earning before its hold period ends (the approval job does it when the hold ends). Refused for commissions held for review: release them first.",
  },
  void: {
    run: (tx: Tx, id: string, reviewer: string) => voidCommission(tx, id, reviewer),
    audit: "commission.voided",
    summary: "Void a commission",
    description: "Nothing is owed for it any more: a pending or approved earning (with its reversals) or clawback becomes `voided`. Paid commissions cannot be voided.",
  },
  release: {
    run: (tx: Tx, id: string, reviewer: string) => releaseCommission(tx, id, reviewer),
    audit: "commission.released",
    summary: "Release a commission held for review",
    description: "The fraud checks' reasons stay on record; the commission is approved now if its hold period has passed, otherwise when it does.",
  },
} as const;
export type CommissionAction = keyof typeof COMMISSION_ACTIONS;

/** Runs `action` under the brand's principal and records who did it when it changed something. */
export async function actOnCommission(
  tx: Tx,
  action: CommissionAction,
  id: string,
  by: { brandId: string; actor: AuditActor; client: ClientInfo },
): Promise<Change> {
  const change = await COMMISSION_ACTIONS[action].run(tx, id, by.actor.id ?? "unknown");
  if (change.changed) {
    await recordAudit(tx, {
      brandId: by.brandId,
      actor: by.actor,
      action: COMMISSION_ACTIONS[action].audit,
      target: { type: "commission", id },
      metadata: { amount: change.commission.amount, currency: change.commission.currency, status: change.commission.status },
      client: by.client,
    });
  }
  return change;
}
