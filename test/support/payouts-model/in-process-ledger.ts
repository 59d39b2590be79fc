import { calculateCommission, reversalFor, type CommissionModel } from "../../../src/commissions/calculate";
import type { Kind, Status } from "./snapshot";
import type { EventStep, Scenario, Step } from "./ops";

/**
 * The commissions side of the in-process system (in-process.ts): conversions and commission
 * rows as Postgres holds them, moved the way the production code moves them:
 *
 * - attribution (src/attribution/sale.ts, refund.ts, dispute.ts): one sale per invoice; a
 *   refund or dispute before its sale waits unlinked and is linked when the sale arrives, a
 *   refund capped at what is left to refund of its sale (checkedRefund); one conversion per
 *   event id (a replay records nothing);
 * - accrueCommissions (src/commissions/accrue.ts): conversions without a commission, sales
 *   first, then refunds and dispute openings, then disputes won, in arrival order;
 * - createEarning (earn.ts) through calculateCommission; reverseForRefund (reverse.ts:
 *   reversalFor, remainingOf, paid → clawback, emptied → markReversed), reinstateForDispute
 *   (reinstate.ts: follows, restoreReversed), approveDue and moveEarnings (lifecycle.ts), with
 *   the money model's rule that an earning reserved by an open payout (payout_id set) is
 *   treated like a paid one (a clawback, so a run never pays less than it previewed).
 *   reverse.ts on main still tests `status === "paid"` only: this line is the rule the payouts
 *   work adds there, and the end-to-end proof checks the real one.
 */

export interface CommissionRow {
  id: string;
  sourceEvent: string;
  affiliate: number;
  kind: Kind;
  amount: number;
  status: Status;
  conversionId: string;
  reversesId: string | null;
  payoutId: string | null;
  approvedAt: number | null;
}

export interface Conversion {
  id: string;
  event: EventStep;
  saleId: string | null;
  amount: number;
  at: number;
}

export class CommissionLedger {
  readonly commissions: CommissionRow[] = [];
  private readonly conversions: Conversion[] = [];
  private readonly model: CommissionModel;
  /** Advanced once per step by the system: the order of arrival, and when a row was approved. */
  clock = 0;
  private n = 0;

  constructor(private readonly scenario: Scenario) {
    this.model = { type: "percentage", rateBps: scenario.rateBps, amount: null, currency: scenario.currency, duration: "recurring", durationMonths: 12 };
  }

  /** A sale, refund or dispute arrives (again, for a replay of an event id already seen). */
  receive(event: EventStep): void {
    this.record(event);
    this.accrue(event.invoice);
  }

  replay(id: string): void {
    this.receive(this.conversions.find((c) => c.event.id === id)!.event);
  }

  // --- attribution ---------------------------------------------------------------------

  private saleOf(invoice: string): Conversion | undefined {
    return this.conversions.find((c) => c.event.t === "sale" && c.event.invoice === invoice);
  }

  private leftToRefund(sale: Conversion): number {
    const refunded = this.conversions.filter((c) => c.event.t === "refund" && c.saleId === sale.id).reduce((s, c) => s + c.amount, 0);
    return Math.max(0, sale.amount - refunded);
  }

  private record(event: EventStep): void {
    if (this.conversions.some((c) => c.event.id === event.id)) return; // unique (brand, source, webhook-id)
    if (event.t === "sale" && this.saleOf(event.invoice)) return; // unique (brand, invoice) among sales
    const sale = event.t === "sale" ? undefined : this.saleOf(event.invoice);
    const amount = event.t === "refund" && sale ? Math.min(event.amount, this.leftToRefund(sale)) : event.amount;
    const row: Conversion = { id: `cv_${++this.n}`, event, saleId: sale?.id ?? null, amount, at: this.clock };
    this.conversions.push(row);
    if (event.t === "sale") {
      for (const f of this.conversions.filter((c) => c.event.t !== "sale" && c.saleId === null && c.event.invoice === event.invoice)) {
        if (f.event.t === "refund") f.amount = Math.min(f.amount, this.leftToRefund(row));
        f.saleId = row.id;
      }
    }
  }

  private accrue(invoice: string): void {
    const step = (c: Conversion) => (c.event.t === "sale" ? 0 : c.event.t === "dispute" && c.event.phase === "won" ? 2 : 1);
    const due = this.conversions
      .filter((c) => c.event.invoice === invoice && (c.event.t === "sale" || c.saleId !== null))
      .filter((c) => c.event.t !== "dispute" || c.event.phase !== "lost")
      .filter((c) => !this.commissions.some((m) => m.conversionId === c.id))
      .sort((a, b) => step(a) - step(b) || a.at - b.at || (a.id < b.id ? -1 : 1));
    for (const c of due) {
      if (c.event.t === "sale") this.createEarning(c);
      else if (c.event.t === "dispute" && c.event.phase === "won") this.reinstate(c);
      else this.reverseFor(c);
    }
  }

  // --- commissions (earn.ts, reverse.ts, reinstate.ts, lifecycle.ts) -------------------------

  private insert(row: Omit<CommissionRow, "id">): CommissionRow {
    const full = { id: `com_${++this.n}`, ...row };
    this.commissions.push(full);
    return full;
  }

  private createEarning(sale: Conversion): void {
    const at = new Date(Date.UTC(2026, 0, 1));
    const result = calculateCommission(this.model, { amount: sale.amount, currency: this.scenario.currency, occurredAt: at }, { firstPaymentAt: at, isFirstPayment: true });
    if (!result.eligible) return;
    const e = sale.event as Extract<Step, { t: "sale" }>;
    this.insert({ sourceEvent: e.id, affiliate: e.creator, kind: "earning", amount: result.amount, status: "pending", conversionId: sale.id, reversesId: null, payoutId: null, approvedAt: null });
  }

  private remainingOf(earning: CommissionRow): number {
    const takenBack = this.commissions.filter((c) => c.reversesId === earning.id).map((c) => c.id);
    const moved = this.commissions.filter((c) => c.reversesId === earning.id || (c.kind === "reinstatement" && takenBack.includes(c.reversesId!)));
    return earning.amount + moved.reduce((s, c) => s + c.amount, 0);
  }

  private earningOfSale(saleId: string): CommissionRow | undefined {
    return this.commissions.find((c) => c.conversionId === saleId && c.kind === "earning");
  }

  private reverseFor(refund: Conversion): void {
    const earning = this.earningOfSale(refund.saleId!);
    if (!earning || earning.status === "reversed") return;
    const sale = this.conversions.find((c) => c.id === refund.saleId)!;
    const remaining = this.remainingOf(earning);
    const share = reversalFor(earning.amount, sale.amount, refund.amount);
    const amount = Math.min(share, remaining);
    if (amount <= 0) return;
    const paid = earning.status === "paid" || earning.payoutId !== null;
    const takenBack = this.commissions.filter((c) => c.reversesId === earning.id).map((c) => c.id);
    const settledReinstatement = this.commissions.some((c) => c.kind === "reinstatement" && takenBack.includes(c.reversesId!) && (c.status === "paid" || c.payoutId !== null));
    const emptied = !paid && amount === remaining && !settledReinstatement;
    this.insert({
      sourceEvent: refund.event.id,
      affiliate: earning.affiliate,
      kind: paid ? "clawback" : "reversal",
      amount: -amount,
      status: paid ? "approved" : earning.status,
      conversionId: refund.id,
      reversesId: earning.id,
      payoutId: null,
      approvedAt: paid ? this.clock : earning.approvedAt,
    });
    if (emptied) this.moveEarnings((c) => c.id === earning.id, "reversed");
  }

  private reinstate(won: Conversion): void {
    const wonEvent = won.event as Extract<Step, { t: "dispute" }>;
    const opened = this.conversions.find((c) => c.event.t === "dispute" && c.event.phase === "opened" && c.event.dispute === wonEvent.dispute);
    const took = opened && this.commissions.find((c) => c.conversionId === opened.id);
    if (!took) return;
    const earning = this.commissions.find((c) => c.id === took.reversesId)!;
    const follows = took.kind === "reversal" && earning.status !== "paid";
    const emptied = follows && earning.status === "reversed";
    const restored = earning.approvedAt !== null ? "approved" : "pending";
    this.insert({
      sourceEvent: won.event.id,
      affiliate: earning.affiliate,
      kind: "reinstatement",
      amount: -took.amount,
      status: follows ? earning.status : "approved",
      conversionId: won.id,
      reversesId: took.id,
      payoutId: null,
      approvedAt: follows ? earning.approvedAt : this.clock,
    });
    if (emptied) this.moveEarnings((c) => c.id === earning.id && c.status === "reversed", restored);
  }

  /** lifecycle.ts moveEarnings: the earnings, then their reversals and those reversals' reinstatements. */
  private moveEarnings(where: (c: CommissionRow) => boolean, status: Status, approvedAt?: number): void {
    const moved = this.commissions.filter((c) => c.kind === "earning" && where(c));
    for (const m of moved) {
      m.status = status;
      if (approvedAt !== undefined) m.approvedAt = approvedAt;
    }
    const ids = moved.map((m) => m.id);
    const reversals = this.commissions.filter((c) => c.kind === "reversal" && ids.includes(c.reversesId!)).map((c) => c.id);
    for (const c of this.commissions) {
      if ((c.kind === "reversal" && ids.includes(c.reversesId!)) || (c.kind === "reinstatement" && reversals.includes(c.reversesId!))) {
        c.status = status;
        if (approvedAt !== undefined) c.approvedAt = approvedAt;
      }
    }
  }

  approveDue(): void {
    this.moveEarnings((c) => c.status === "pending", "approved", this.clock);
  }
}
