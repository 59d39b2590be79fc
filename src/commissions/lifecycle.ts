import { and, eq, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { commissions, payouts, type CommissionStatus } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { emitEvent } from "../webhooks/emit";
import { findCommission } from "./queries";
import { serializeCommission, type Commission } from "./schemas";

type CommissionRow = typeof commissions.$inferSelect;
type Patch = { status: CommissionStatus; updatedAt: Date; approvedAt?: Date; voidedAt?: Date; heldForReview?: boolean; reviewedAt?: Date; reviewedBy?: string | null };

/**
 * Moves the earnings matching `where` and then the reversals netted against them, and the
 * reinstatements of those reversals (a dispute won): they always have their earning's
 * status. Two statements on purpose: the second takes a fresh snapshot, so it also sees a
 * reversal committed while the first one waited on the earning's row lock (a concurrent
 * refund or dispute locks the earning before inserting it). A reinstatement approved on its
 * own (its earning was already paid) is never moved: a paid earning does not move again,
 * nor does one a payout run holds (`payout_id`), whose run pays what it previewed.
 */
async function moveEarnings(tx: Tx, where: SQL | undefined, patch: Patch): Promise<CommissionRow[]> {
  const moved = await tx
    .update(commissions)
    .set(patch)
    .where(and(eq(commissions.kind, "earning"), isNull(commissions.payoutId), where))
    .returning();
  if (moved.length === 0) return moved;
  const { status, updatedAt, approvedAt, voidedAt } = patch;
  const ids = moved.map((m) => m.id);
  const reversals = tx.select({ id: commissions.id }).from(commissions).where(and(eq(commissions.kind, "reversal"), inArray(commissions.reversesId, ids)));
  await tx
    .update(commissions)
    .set({ status, updatedAt, ...(approvedAt && { approvedAt }), ...(voidedAt && { voidedAt }) })
    .where(
      and(
        isNull(commissions.payoutId),
        or(and(eq(commissions.kind, "reversal"), inArray(commissions.reversesId, ids)), and(eq(commissions.kind, "reinstatement"), inArray(commissions.reversesId, reversals))),
      ),
    );
  return moved;
}

/** A fully reversed earning: it and its reversals leave every balance. */
export async function markReversed(tx: Tx, earningId: string): Promise<void> {
  await moveEarnings(tx, eq(commissions.id, earningId), { status: "reversed", updatedAt: new Date() });
}

/**
 * A reversed earning given back by a dispute won: it, its reversals and its reinstatements
 * return to `status` (what the earning was before it was emptied). Returns the row of
 * `reinstatementId` as it is now.
 */
export async function restoreReversed(tx: Tx, earningId: string, status: "pending" | "approved", reinstatementId: string): Promise<CommissionRow> {
  await moveEarnings(tx, and(eq(commissions.id, earningId), eq(commissions.status, "reversed")), { status, updatedAt: new Date() });
  const [row] = await tx.select().from(commissions).where(eq(commissions.id, reinstatementId));
  return row!;
}

/** Approval: pending earnings of `where` that nobody holds for review; each announced as `commission.approved`. */
async function approveWhere(tx: Tx, where: SQL | undefined): Promise<{ rows: CommissionRow[]; deliveries: string[] }> {
  const now = new Date();
  const rows = await moveEarnings(tx, and(where, eq(commissions.status, "pending"), eq(commissions.heldForReview, false)), { status: "approved", approvedAt: now, updatedAt: now });
  const deliveries: string[] = [];
  for (const row of rows) deliveries.push(...(await emitEvent(tx, row.brandId, "commission.approved", row.id, serializeCommission(row))));
  return { rows, deliveries };
}

/**
 * The approval job's step for one brand: approves those of `ids` whose hold has passed
 * (rechecked here, under the brand's principal). Test-mode commissions (`livemode` false)
 * are approved like live ones, so a brand sees the whole lifecycle while testing: approved,
 * not paid. `livemode` is their flag; payouts must only ever take live commissions.
 */
export async function approveDue(tx: Tx, ids: string[]): Promise<{ approved: number; deliveries: string[] }> {
  const { rows, deliveries } = await approveWhere(tx, and(inArray(commissions.id, ids), lte(commissions.holdUntil, new Date())));
  return { approved: rows.length, deliveries };
}

export interface Change {
  commission: Commission;
  deliveries: string[];
  changed: boolean;
}

async function existing(tx: Tx, id: string): Promise<CommissionRow> {
  const row = await findCommission(tx, id);
  if (!row) throw new DomainError("not_found", `No commission ${id}.`, { param: "commissionId" });
  return row;
}

function unchanged(row: CommissionRow): Change {
  return { commission: serializeCommission(row), deliveries: [], changed: false };
}

const FOLLOWS_EARNING = "nets against an earning and follows its status. Act on that commission instead.";

/**
 * Whether `row` moves only with its earning: a reversal, or the reinstatement of a reversal
 * whose earning was not paid when the dispute was won (its reversal is then not paid either).
 */
async function followsEarning(tx: Tx, row: CommissionRow): Promise<boolean> {
  if (row.kind === "reversal") return true;
  if (row.kind !== "reinstatement") return false;
  const reinstated = await findCommission(tx, row.reversesId!);
  return reinstated?.kind === "reversal" && reinstated.status !== "paid";
}

/** Early approval (before the hold ends) of a pending earning that is not held for review. */
export async function approveCommission(tx: Tx, id: string): Promise<Change> {
  const row = await existing(tx, id);
  if (await followsEarning(tx, row)) throw new DomainError("conflict", `Commission ${id} ${FOLLOWS_EARNING}`);
  if (row.status === "approved") return unchanged(row);
  if (row.status !== "pending") throw new DomainError("conflict", `Commission ${id} is ${row.status}; only pending commissions can be approved.`);
  if (row.heldForReview) throw new DomainError("conflict", `Commission ${id} is held for review: release it first, or void it.`);
  const { rows, deliveries } = await approveWhere(tx, eq(commissions.id, id));
  return { commission: serializeCommission(rows[0] ?? row), deliveries, changed: rows.length > 0 };
}

/**
 * Voids an earning (with its reversals and their reinstatements), or a clawback or a
 * reinstatement approved on its own, that is not paid yet: nothing is owed for it any
 * more. Announced as `commission.voided`.
 */
export async function voidCommission(tx: Tx, id: string, reviewer: string): Promise<Change> {
  const row = await existing(tx, id);
  if (await followsEarning(tx, row)) throw new DomainError("conflict", `Commission ${id} ${FOLLOWS_EARNING}`);
  if (row.status === "voided") return unchanged(row);
  if (row.status === "paid" || row.status === "reversed") throw new DomainError("conflict", `Commission ${id} is ${row.status}; only pending or approved commissions can be voided.`);
  await refuseReserved(tx, row);
  const now = new Date();
  const patch: Patch = { status: "voided", voidedAt: now, updatedAt: now, heldForReview: false, reviewedAt: now, reviewedBy: reviewer };
  // Conditional on what was just read: a payout run that reserved or paid it meanwhile wins.
  const stillOpen = and(eq(commissions.id, id), inArray(commissions.status, ["pending", "approved"]), isNull(commissions.payoutId));
  const [voided] = row.kind === "earning" ? await moveEarnings(tx, stillOpen, patch) : await tx.update(commissions).set(patch).where(stillOpen).returning();
  if (!voided) throw new DomainError("conflict", `Commission ${id} changed meanwhile; read it again.`);
  const deliveries = await emitEvent(tx, voided!.brandId, "commission.voided", voided!.id, serializeCommission(voided!));
  return { commission: serializeCommission(voided!), deliveries, changed: true };
}

/** A commission a payout run holds cannot change under it: the run pays what it previewed. */
async function refuseReserved(tx: Tx, row: CommissionRow): Promise<void> {
  if (!row.payoutId) return;
  const [payout] = await tx.select({ runId: payouts.runId }).from(payouts).where(eq(payouts.id, row.payoutId));
  throw new DomainError("conflict", `Commission ${row.id} is in payout run ${payout?.runId ?? row.payoutId}; cancel that run first, or let it pay and claw back later.`);
}

/**
 * Releases an earning held for review: it goes on as if never flagged (approved now if its
 * hold has passed, otherwise by the approval job when it does). The reasons stay on record.
 */
export async function releaseCommission(tx: Tx, id: string, reviewer: string): Promise<Change> {
  const row = await existing(tx, id);
  if (row.kind !== "earning" || !row.heldForReview || row.status !== "pending") {
    throw new DomainError("conflict", `Commission ${id} is not held for review (it is ${row.heldForReview ? row.status : `${row.status} and not flagged`}).`);
  }
  const now = new Date();
  const [released] = await tx
    .update(commissions)
    .set({ heldForReview: false, reviewedAt: now, reviewedBy: reviewer, updatedAt: now })
    .where(and(eq(commissions.id, id), eq(commissions.heldForReview, true), eq(commissions.status, "pending")))
    .returning({ id: commissions.id });
  if (!released) throw new DomainError("conflict", `Commission ${id} changed meanwhile; read it again.`);
  const { deliveries } = await approveDue(tx, [id]);
  return { commission: serializeCommission((await findCommission(tx, id))!), deliveries, changed: true };
}
