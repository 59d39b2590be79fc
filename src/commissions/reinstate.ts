import { and, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { commissions, conversions } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { emitEvent } from "../webhooks/emit";
import { restoreReversed } from "./lifecycle";
import { money, remainingOf } from "./reverse";
import { serializeCommission } from "./schemas";

type Conversion = typeof conversions.$inferSelect;

/**
 * Gives back what a dispute's opening took, once the brand won it (brand principal, in the
 * transaction that recorded or linked the `won` phase): a positive `reinstatement` of the
 * opening's reversal or clawback, to the cent, announced as `commission.reinstated`.
 *
 * - A reversal of an unpaid earning: the reinstatement nets against that earning with its
 *   status, like the reversal; if the reversal had emptied the earning (all `reversed`),
 *   the earning is restored with its reversals and reinstatements: to `approved` when it
 *   had been approved, else `pending` (the approval job approves it once its hold passes).
 * - A clawback, or a reversal of an earning paid (or reserved by a payout run) since:
 *   approved at once, paid by the next
 *   payout (which also nets an unpaid clawback: the two cancel).
 * - A voided reversal or clawback took nothing back: nothing to give.
 *
 * Nothing either while the opening or its commission is missing: accrueCommissions comes
 * back to this `won` when they arrive. The unique conversion key makes a second call a no-op.
 */
export async function reinstateForDispute(tx: Tx, won: Conversion): Promise<string[]> {
  if (!won.saleId || !won.referenceId) return [];
  const [taken] = await tx
    .select({ commission: commissions, opened: conversions })
    .from(conversions)
    .innerJoin(commissions, and(eq(commissions.brandId, conversions.brandId), eq(commissions.conversionId, conversions.id)))
    .where(and(eq(conversions.brandId, won.brandId), eq(conversions.type, "dispute"), eq(conversions.referenceId, won.referenceId), eq(conversions.kind, "opened")));
  if (!taken || taken.commission.status === "voided") return [];
  const took = taken.commission;
  const [earning] = await tx.select().from(commissions).where(eq(commissions.id, took.reversesId!)).for("update");
  if (!earning) return [];
  const amount = -took.amount;
  const remaining = await remainingOf(tx, earning);
  // An earning a payout run holds (payout_id) is as good as paid: the run pays it as previewed.
  const follows = took.kind === "reversal" && earning.status !== "paid" && earning.payoutId === null;
  const emptied = follows && earning.status === "reversed";
  const restored = earning.approvedAt ? "approved" : "pending";
  const now = new Date();
  const lines = [
    `Dispute ${won.referenceId} was won: the ${money(amount, took.currency)} that its ${took.kind} ${took.id} took back from commission ${earning.id} are given back.`,
    follows
      ? emptied
        ? `That reversal had emptied the commission, so both were reversed; the commission is restored to ${restored} with its reversals and holds ${money(remaining + amount, earning.currency)} again.`
        : `The commission was not paid yet; the reinstatement nets against it with its status, leaving ${money(remaining + amount, earning.currency)}.`
      : took.kind === "clawback"
        ? "The commission was paid, so the dispute took a clawback: the reinstatement is approved at once, and the next payout pays it (cancelling the clawback if that is still outstanding)."
        : "The commission has been paid (or taken into a payout run) since: the reinstatement is approved at once and paid by the next payout.",
  ];
  const [row] = await tx
    .insert(commissions)
    .values({
      id: newId("commission"),
      brandId: won.brandId,
      campaignId: earning.campaignId,
      enrollmentId: earning.enrollmentId,
      affiliateId: earning.affiliateId,
      conversionId: won.id,
      sourceEventId: won.sourceEventId,
      kind: "reinstatement",
      livemode: earning.livemode,
      reversesId: took.id,
      amount,
      currency: took.currency,
      status: follows ? earning.status : "approved",
      holdUntil: follows ? earning.holdUntil : now,
      approvedAt: follows ? earning.approvedAt : now,
      explanation: {
        lines,
        inputs: { dispute: won.referenceId, reinstates: { id: took.id, kind: took.kind, amount: took.amount }, commission: { id: earning.id, amount: earning.amount, status: earning.status }, remaining },
      },
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return [];
  const current = emptied ? await restoreReversed(tx, earning.id, restored, row.id) : row;
  return emitEvent(tx, current.brandId, "commission.reinstated", current.id, serializeCommission(current));
}
