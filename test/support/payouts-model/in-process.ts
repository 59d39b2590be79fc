import { calculateCommission, reversalFor, type CommissionModel } from "../../../src/commissions/calculate";
import { chargeFor, settlementRefund } from "../../../src/payouts/fees";
import { planRun, type CreatorFacts } from "../../../src/payouts/plan";
import type { Balance, Kind, ModelRun, Snapshot, Status } from "./model";
import type { EventStep, Scenario, Step } from "./ops";

/**
 * The system under test in process: the production pure functions (calculateCommission,
 * reversalFor, planRun, chargeFor, settlementRefund) driven by an in-memory ledger that makes
 * the decisions the production code makes around them, row for row:
 *
 * - attribution (src/attribution/sale.ts, refund.ts, dispute.ts): one sale per invoice; a
 *   refund or dispute before its sale waits unlinked and is linked when the sale arrives, a
 *   refund capped at what is left to refund of its sale (checkedRefund); one conversion per
 *   event id (a replay records nothing);
 * - accrueCommissions (src/commissions/accrue.ts): conversions without a commission, sales
 *   first, then refunds and dispute openings, then disputes won, in arrival order;
 * - reverseForRefund (reverse.ts: remainingOf, paid → clawback, emptied → markReversed),
 *   reinstateForDispute (reinstate.ts: follows, restoreReversed), approveDue and
 *   moveEarnings (lifecycle.ts), with the money model's rule that an earning reserved by an
 *   open payout (payout_id set) is treated like a paid one (a clawback, so a run never pays
 *   less than it previewed). reverse.ts on main still tests `status === "paid"` only: this
 *   line is the rule the payouts work adds there, and the end-to-end proof checks the real one;
 * - payout runs as the money model specifies them (open → planRun, reserve; approve →
 *   charge `chargeFor`; transfers from the charge; failed transfer or reversal → commissions
 *   approved again and the amount refunded; settlement `settlementRefund` with Stripe's fee);
 * - Stripe: a charge with Stripe's own fee (its published 2.9 % + 30, computed here), transfers
 *   that may not exceed what is left of their source charge, refunds that may not exceed the
 *   charge, and failures a test arms (charge, or transfer to one destination).
 */

interface CommissionRow {
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

interface Conversion {
  id: string;
  event: EventStep;
  saleId: string | null;
  amount: number;
  at: number;
}

interface PayoutRow {
  id: string;
  runId: string;
  affiliate: number;
  amount: number;
  status: "skipped" | "pending" | "paid" | "failed" | "reversed";
  skipReason: string | null;
  commissionIds: string[];
  transferId: string | null;
}

interface RunRow {
  id: string;
  status: "draft" | "charging" | "transferring" | "completed" | "failed" | "canceled";
  transferAmount: number;
  chargeAmount: number;
  feeAmount: number;
  refundedAmount: number;
  attempt: number;
  chargeId: string | null;
}

/** Stripe as far as money goes: what a charge holds, what was transferred from it and refunded. */
export class SimulatedStripe {
  readonly charges = new Map<string, { amount: number; fee: number; refunded: number }>();
  readonly transfers = new Map<string, { amount: number; source: string; destination: number; reversed: boolean }>();
  chargeFailures = 0;
  transferFailures: number[] = [];
  private n = 0;

  /** Stripe's card price on the charge: 2.9 % to the nearest cent (half up), + 30. */
  static fee = (amount: number) => Math.round((amount * 29) / 1_000) + 30;

  charge(amount: number): { ok: true; id: string; fee: number } | { ok: false } {
    if (this.chargeFailures > 0) {
      this.chargeFailures--;
      return { ok: false };
    }
    const id = `ch_${++this.n}`;
    this.charges.set(id, { amount, fee: SimulatedStripe.fee(amount), refunded: 0 });
    return { ok: true, id, fee: SimulatedStripe.fee(amount) };
  }

  transfer(amount: number, source: string, destination: number): string | null {
    const charge = this.charges.get(source)!;
    const taken = [...this.transfers.values()].filter((t) => t.source === source).reduce((s, t) => s + t.amount, 0);
    if (amount > charge.amount - charge.refunded - taken) return null;
    const failure = this.transferFailures.indexOf(destination);
    if (failure >= 0) {
      this.transferFailures.splice(failure, 1);
      return null;
    }
    const id = `tr_${++this.n}`;
    this.transfers.set(id, { amount, source, destination, reversed: false });
    return id;
  }

  refund(charge: string, amount: number): void {
    const c = this.charges.get(charge)!;
    if (amount <= 0) return;
    if (amount > c.amount - c.refunded) throw new Error(`refund ${amount} exceeds what is left of ${charge}`);
    c.refunded += amount;
  }

  reverse(transfer: string): void {
    const t = this.transfers.get(transfer)!;
    if (t.reversed) throw new Error(`${transfer} already reversed`);
    t.reversed = true;
  }
}

export class InProcessSystem {
  readonly stripe = new SimulatedStripe();
  private readonly commissions: CommissionRow[] = [];
  private readonly conversions: Conversion[] = [];
  private readonly runs: RunRow[] = [];
  private readonly payouts: PayoutRow[] = [];
  private readonly model: CommissionModel;
  private readonly creators = new Map<string, CreatorFacts>();
  private clock = 0;
  private n = 0;

  constructor(private readonly scenario: Scenario) {
    this.model = { type: "percentage", rateBps: scenario.rateBps, amount: null, currency: scenario.currency, duration: "recurring", durationMonths: 12 };
    for (let c = 0; c < scenario.creators; c++) {
      const onboarded = !scenario.accountless.includes(c);
      this.creators.set(aff(c), { stripeAccountId: onboarded ? `acct_${c}` : null, transfersActive: onboarded, taxFormAllows: true });
    }
  }

  apply(step: Step): void {
    this.clock++;
    switch (step.t) {
      case "sale":
      case "refund":
      case "dispute":
        this.record(step);
        return this.accrue(step.invoice);
      case "replay": {
        const original = this.conversions.find((c) => c.event.id === step.id)!;
        this.record(original.event);
        return this.accrue(original.event.invoice);
      }
      case "approveDue":
        return this.approveDue();
      case "failNextCharge":
        this.stripe.chargeFailures++;
        return;
      case "failNextTransfer":
        this.stripe.transferFailures.push(step.creator);
        return;
      case "run":
        return this.openAndApprove();
      case "retry":
        return this.retry();
      case "reverse":
        return this.reverse(step.creator, step.latest);
    }
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
    const emptied = !paid && amount === remaining;
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

  private approveDue(): void {
    this.moveEarnings((c) => c.status === "pending", "approved", this.clock);
  }

  // --- payouts (the money model: open, approve, charge, transfer, settle, reverse) ------------

  private openRun(): RunRow | undefined {
    return this.runs.find((r) => r.status === "draft" || r.status === "charging" || r.status === "transferring" || r.status === "failed");
  }

  private openAndApprove(): void {
    const open = this.openRun();
    if (open && open.status !== "draft") return; // 409: a run is moving or failed
    if (open) this.cancel(open);
    const payable = this.commissions
      .filter((c) => c.status === "approved" && c.payoutId === null)
      .map((c) => ({ id: c.id, affiliateId: aff(c.affiliate), amount: c.amount, currency: this.scenario.currency }));
    const lines = planRun({ currency: this.scenario.currency, minimumAmount: this.scenario.minimum }, payable, this.creators);
    const run: RunRow = { id: `prun_${++this.n}`, status: "draft", transferAmount: 0, chargeAmount: 0, feeAmount: 0, refundedAmount: 0, attempt: 0, chargeId: null };
    this.runs.push(run);
    for (const line of lines) {
      const payout: PayoutRow = { id: `po_${++this.n}`, runId: run.id, affiliate: Number(line.affiliateId.slice(4)), amount: line.amount, status: line.skipReason ? "skipped" : "pending", skipReason: line.skipReason, commissionIds: line.commissionIds, transferId: null };
      this.payouts.push(payout);
      if (line.skipReason) continue;
      run.transferAmount += line.amount;
      for (const c of this.commissions) if (line.commissionIds.includes(c.id)) c.payoutId = payout.id;
    }
    const { charge, fee } = chargeFor(run.transferAmount, "card");
    run.chargeAmount = charge;
    run.feeAmount = fee;
    if (run.transferAmount <= 0) return; // approval refuses: nothing to transfer
    run.status = "charging";
    run.attempt++;
    this.advance(run);
  }

  private cancel(run: RunRow): void {
    run.status = "canceled";
    for (const p of this.payouts.filter((p) => p.runId === run.id)) for (const c of this.commissions) if (c.payoutId === p.id) c.payoutId = null;
  }

  private retry(): void {
    const run = this.openRun();
    if (run?.status !== "failed") return;
    run.status = "charging";
    run.attempt++;
    this.advance(run);
  }

  private advance(run: RunRow): void {
    const charged = this.stripe.charge(run.chargeAmount);
    if (!charged.ok) {
      run.status = "failed";
      return;
    }
    run.chargeId = charged.id;
    run.feeAmount = charged.fee;
    run.status = "transferring";
    for (const payout of this.payouts.filter((p) => p.runId === run.id && p.status === "pending")) {
      const transfer = this.stripe.transfer(payout.amount, charged.id, payout.affiliate);
      if (transfer === null) {
        payout.status = "failed";
        this.release(payout);
        continue;
      }
      payout.status = "paid";
      payout.transferId = transfer;
      for (const c of this.commissions) if (c.payoutId === payout.id) c.status = "paid";
    }
    const standing = this.payouts.filter((p) => p.runId === run.id && p.status === "paid").reduce((s, p) => s + p.amount, 0);
    const refund = settlementRefund(run, standing);
    this.stripe.refund(charged.id, refund);
    run.refundedAmount += refund;
    run.status = "completed";
  }

  private release(payout: PayoutRow): void {
    for (const c of this.commissions) {
      if (c.payoutId !== payout.id) continue;
      c.status = "approved";
      c.payoutId = null;
    }
  }

  private reverse(creator: number, latest: number): void {
    const paid = this.payouts.filter((p) => p.affiliate === creator && p.status === "paid");
    if (paid.length === 0) return;
    const payout = paid[paid.length - 1 - (latest % paid.length)]!;
    this.stripe.reverse(payout.transferId!);
    const run = this.runs.find((r) => r.id === payout.runId)!;
    payout.status = "reversed";
    this.release(payout);
    this.stripe.refund(run.chargeId!, payout.amount);
    run.refundedAmount += payout.amount;
  }

  // --- what the proof compares --------------------------------------------------------------

  snapshot(): Snapshot {
    const commissions: Snapshot["commissions"] = {};
    const balances: Balance[] = Array.from({ length: this.scenario.creators }, () => ({ pending: 0, approved: 0, paid: 0, clawback: 0 }));
    for (const c of this.commissions) {
      commissions[`c:${c.sourceEvent}`] = { creator: c.affiliate, kind: c.kind, amount: c.amount, status: c.status };
      const b = balances[c.affiliate]!;
      // src/commissions/queries.ts balances: clawbacks outstanding apart from approved.
      if (c.kind === "clawback" && (c.status === "pending" || c.status === "approved")) b.clawback += c.amount;
      else if (c.status === "pending") b.pending += c.amount;
      else if (c.status === "approved") b.approved += c.amount;
      else if (c.status === "paid") b.paid += c.amount;
    }
    const runs: ModelRun[] = this.runs
      .filter((r) => r.attempt > 0)
      .map((r) => ({
        status: r.status as ModelRun["status"],
        attempt: r.attempt,
        transfers: r.transferAmount,
        charge: r.chargeAmount,
        fee: r.feeAmount,
        refunded: r.refundedAmount,
        payouts: this.payouts
          .filter((p) => p.runId === r.id)
          .sort((a, b) => a.affiliate - b.affiliate)
          .map((p) => ({ creator: p.affiliate, amount: p.amount, status: p.status, skipReason: p.skipReason })),
      }));
    return { commissions, balances, runs };
  }

  /** Money facts that hold whatever happened, read from the ledger and from Stripe. */
  invariants(): string[] {
    const broken: string[] = [];
    for (const run of this.runs.filter((r) => r.chargeId)) {
      const charge = this.stripe.charges.get(run.chargeId!)!;
      const transfers = [...this.stripe.transfers.values()].filter((t) => t.source === run.chargeId);
      const all = transfers.reduce((s, t) => s + t.amount, 0);
      const standing = transfers.filter((t) => !t.reversed).reduce((s, t) => s + t.amount, 0);
      if (all > charge.amount - charge.fee) broken.push(`${run.id}: transfers ${all} exceed charge ${charge.amount} less fee ${charge.fee}`);
      if (run.status === "completed" && charge.amount !== charge.fee + standing + charge.refunded) {
        broken.push(`${run.id}: charge ${charge.amount} ≠ fee ${charge.fee} + standing transfers ${standing} + refunded ${charge.refunded}`);
      }
      if (charge.refunded !== run.refundedAmount) broken.push(`${run.id}: Stripe refunded ${charge.refunded}, run says ${run.refundedAmount}`);
    }
    for (let creator = 0; creator < this.scenario.creators; creator++) {
      const standing = [...this.stripe.transfers.values()].filter((t) => t.destination === creator && !t.reversed).reduce((s, t) => s + t.amount, 0);
      const paid = this.commissions.filter((c) => c.affiliate === creator && c.status === "paid").reduce((s, c) => s + c.amount, 0);
      if (standing !== paid) broken.push(`creator ${creator}: standing transfers ${standing} ≠ paid commissions ${paid}`);
    }
    for (const c of this.commissions) {
      if (c.status === "paid" && !this.payouts.some((p) => p.id === c.payoutId && p.status === "paid")) broken.push(`${c.id} is paid without a paid payout`);
    }
    return broken;
  }
}

const aff = (creator: number) => `aff_${creator}`;
