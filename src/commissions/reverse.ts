import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { commissions, conversions } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { emitEvent } from "../webhooks/emit";
import { reversalFor } from "./calculate";
import { markReversed } from "./lifecycle";
import { serializeCommission } from "./schemas";

type Conversion = typeof conversions.$inferSelect;
type CommissionRow = typeof commissions.$inferSelect;

export const money = (minor: number, currency: string) => `${minor} ${currency} minor units`;

/**
 * What `earning` still holds: its amount, less its reversals and clawbacks, plus what
 * disputes won reinstated of those.
 */
export async function remainingOf(tx: Tx, earning: CommissionRow): Promise<number> {
  const takenBack = tx.select({ id: commissions.id }).from(commissions).where(eq(commissions.reversesId, earning.id));
  const [moved] = await tx
    .select({ sum: sql<number>`coalesce(sum(${commissions.amount}), 0)::bigint` })
    .from(commissions)
    .where(or(eq(commissions.reversesId, earning.id), and(eq(commissions.kind, "reinstatement"), inArray(commissions.reversesId, takenBack))));
  return earning.amount + Number(moved?.sum ?? 0);
}

/** Whether a dispute won gave back part of `earningId` in a reinstatement that is paid or reserved by a run. */
async function hasSettledReinstatement(tx: Tx, earningId: string): Promise<boolean> {
  const takenBack = tx.select({ id: commissions.id }).from(commissions).where(eq(commissions.reversesId, earningId));
  const [found] = await tx
    .select({ id: commissions.id })
    .from(commissions)
    .where(and(eq(commissions.kind, "reinstatement"), inArray(commissions.reversesId, takenBack), or(eq(commissions.status, "paid"), isNotNull(commissions.payoutId))))
    .limit(1);
  return found !== undefined;
}

/**
 * Takes back the share of a sale's earning that a refund refunds, or that a dispute opened
 * took from the brand (brand principal, in the transaction that recorded or linked it).
 * Proportional to the refunded (disputed) share of the payment (reversalFor), never more
 * than what the earning still holds. While the earning is unpaid, a `reversal` nets
 * against it with the earning's status (both become `reversed` once nothing remains);
 * once it is paid, or reserved by an open payout run (`payout_id`: the run pays what it
 * previewed, so its commissions never change under it), a `clawback` (approved at once) is
 * netted by the next payout. Announced
 * as `commission.reversed`. The earning row is locked, so concurrent refunds and approvals
 * see each other.
 */
export async function reverseForRefund(tx: Tx, refund: Conversion): Promise<string[]> {
  if (!refund.saleId) return [];
  const [earning] = await tx
    .select()
    .from(commissions)
    .where(and(eq(commissions.conversionId, refund.saleId), eq(commissions.kind, "earning")))
    .for("update");
  if (!earning || earning.status === "voided" || earning.status === "reversed") return [];
  const [sale] = await tx.select().from(conversions).where(eq(conversions.id, refund.saleId));
  if (!sale || sale.currency !== refund.currency) {
    // A refund in another currency than its payment cannot be compared with it; a person must look.
    console.warn(JSON.stringify({ level: "warn", message: "refund currency differs from its sale; no reversal", refund_id: refund.id, sale_id: refund.saleId }));
    return [];
  }
  const remaining = await remainingOf(tx, earning);
  const share = reversalFor(earning.amount, sale.amount!, refund.amount!);
  const amount = Math.min(share, remaining);
  if (amount <= 0) return [];

  // Reserved by an open run counts as paid: that run transfers the earning as previewed.
  const paid = earning.status === "paid" || earning.payoutId !== null;
  // Emptying moves the earning and everything netted with it to `reversed`; a reinstatement
  // already paid (or in a run) must keep counting, so then the reversal stays and nets instead.
  const emptied = !paid && amount === remaining && !(await hasSettledReinstatement(tx, earning.id));
  const now = new Date();
  const pct = ((refund.amount! / sale.amount!) * 100).toLocaleString("en", { maximumFractionDigits: 2 });
  const what = refund.type === "dispute" ? `Dispute ${refund.referenceId} (chargeback) of` : "Refund of";
  const lines = [
    `${what} ${money(refund.amount!, refund.currency!)} against a payment of ${money(sale.amount!, sale.currency!)} (${pct} % of it).`,
    `Takes back ${money(amount, earning.currency)} of commission ${earning.id} (${money(earning.amount, earning.currency)}): ` +
      `the proportional share is ${share}, and ${remaining} remained before this ${refund.type}.`,
    paid
      ? earning.status === "paid"
        ? "The commission was already paid, so this is a clawback: the next payout nets it."
        : "The commission is in a payout run already, so this is a clawback: the next payout nets it."
      : emptied
        ? "The commission was not paid yet; the reversal nets against it and nothing remains, so both are reversed."
        : `The commission was not paid yet; the reversal nets against it, leaving ${money(remaining - amount, earning.currency)}.`,
  ];
  const [row] = await tx
    .insert(commissions)
    .values({
      id: newId("commission"),
      brandId: refund.brandId,
      campaignId: earning.campaignId,
      enrollmentId: earning.enrollmentId,
      affiliateId: earning.affiliateId,
      conversionId: refund.id,
      sourceEventId: refund.sourceEventId,
      kind: paid ? "clawback" : "reversal",
      livemode: earning.livemode,
      reversesId: earning.id,
      amount: -amount,
      currency: earning.currency,
      status: paid ? "approved" : earning.status,
      holdUntil: paid ? now : earning.holdUntil,
      approvedAt: paid ? now : earning.approvedAt,
      explanation: {
        lines,
        inputs: { commission: { id: earning.id, amount: earning.amount, status: earning.status }, payment: sale.amount, refund: refund.amount, currency: refund.currency, share, remaining },
      },
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return [];
  if (emptied) await markReversed(tx, earning.id);
  return emitEvent(tx, row.brandId, "commission.reversed", row.id, serializeCommission(row));
}
