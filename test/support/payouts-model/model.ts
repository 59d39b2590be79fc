import type { EventStep, Scenario, Step } from "./ops";
import type { Balance, ModelCommission, ModelPayout, ModelRun, Snapshot, Status } from "./snapshot";
import { grossUp, roundDiv, stripeCardFee } from "./stripe-price";

/**
 * The reference model of the money proof (issue 12), re-derived from the rules in words
 * (PRODUCT.md §5, the issue, notes on the money model) and deliberately importing nothing
 * from src/: what each sale earns, what refunds and disputes take back and give back, when
 * commissions are approved, what a payout run charges, transfers and refunds, and what a
 * failed charge, a failed transfer or a reversed transfer undoes. Systems under test are
 * compared with `snapshot()` to the cent.
 *
 * Commissions are keyed by the event that made them: `c:<event id>` (the sale's earning, the
 * refund's or dispute opening's reversal or clawback, the dispute won's reinstatement).
 */

interface Row extends ModelCommission {
  sale: string;
  /** For reversals and clawbacks: the earning's key; for reinstatements: the reversal's or clawback's key. */
  of: string | null;
  payout: number | null;
  everApproved: boolean;
}

const movable = (r: Row) => r.status !== "paid" && r.payout === null;

interface Sale {
  creator: number;
  amount: number;
  refunded: number;
  earning: string;
}

interface Payout extends ModelPayout {
  run: number;
  rows: string[];
}

export class ReferenceModel {
  private readonly rows = new Map<string, Row>();
  private readonly sales = new Map<string, Sale>();
  private readonly seen = new Set<string>();
  /** Refunds and disputes whose sale has not arrived, in arrival order. */
  private readonly early: EventStep[] = [];
  private readonly openings = new Map<string, string>();
  private readonly runs: (ModelRun & { payoutIds: number[] })[] = [];
  private readonly payouts: Payout[] = [];
  private chargeFailures = 0;
  private transferFailures: number[] = [];

  constructor(private readonly scenario: Scenario) {}

  apply(step: Step): void {
    switch (step.t) {
      case "sale":
      case "refund":
      case "dispute":
        return this.event(step);
      case "replay":
        return; // an event already seen changes nothing
      case "approveDue":
        return this.approveDue();
      case "failNextCharge":
        this.chargeFailures++;
        return;
      case "failNextTransfer":
        this.transferFailures.push(step.creator);
        return;
      case "run":
        return this.openAndApprove();
      case "retry":
        return this.retry();
      case "reverse":
        return this.reverse(step.creator, step.latest);
    }
  }

  private event(step: EventStep): void {
    if (this.seen.has(step.id)) return;
    this.seen.add(step.id);
    if (step.t === "sale") return this.sale(step);
    if (!this.sales.has(step.invoice)) {
      this.early.push(step);
      return;
    }
    this.follower(step);
  }

  private sale(step: Extract<Step, { t: "sale" }>): void {
    if (this.sales.has(step.invoice)) return;
    const earned = roundDiv(BigInt(step.amount) * BigInt(this.scenario.rateBps), 10_000n);
    const key = `c:${step.id}`;
    this.rows.set(key, { key, creator: step.creator, kind: "earning", amount: earned, status: "pending", sale: step.invoice, of: null, payout: null, everApproved: false });
    this.sales.set(step.invoice, { creator: step.creator, amount: step.amount, refunded: 0, earning: key });
    const waiting = this.early.filter((e) => e.invoice === step.invoice);
    for (const e of waiting) this.early.splice(this.early.indexOf(e), 1);
    for (const e of waiting) this.follower(e);
  }

  /** What the earning still holds: its amount, less what was taken back, plus what was given back. */
  private remaining(earning: Row): number {
    let sum = earning.amount;
    for (const r of this.rows.values()) {
      if (r.of === earning.key) sum += r.amount;
      if (r.kind === "reinstatement" && r.of && this.rows.get(r.of)?.of === earning.key) sum += r.amount;
    }
    return sum;
  }

  /** The earning and what nets against it (its reversals, and their reinstatements). */
  private netted(earning: Row): Row[] {
    const reversals = [...this.rows.values()].filter((r) => r.kind === "reversal" && r.of === earning.key);
    const reinstated = [...this.rows.values()].filter((r) => r.kind === "reinstatement" && reversals.some((v) => v.key === r.of));
    return [earning, ...reversals, ...reinstated];
  }

  private follower(step: EventStep): void {
    const sale = this.sales.get(step.invoice)!;
    if (step.t === "refund") {
      const amount = Math.min(step.amount, sale.amount - sale.refunded);
      sale.refunded += amount;
      return this.takeBack(step.id, sale, amount);
    }
    if (step.t === "dispute" && step.phase === "opened") {
      this.openings.set(step.dispute, `c:${step.id}`);
      return this.takeBack(step.id, sale, step.amount);
    }
    if (step.t === "dispute" && step.phase === "won") return this.giveBack(step.id, step.dispute);
  }

  /** A refund or a dispute opened: the proportional share of the earning, capped at what remains. */
  private takeBack(eventId: string, sale: Sale, refunded: number): void {
    const earning = this.rows.get(sale.earning)!;
    if (earning.status === "reversed" || refunded <= 0) return;
    const share = refunded >= sale.amount ? earning.amount : roundDiv(BigInt(earning.amount) * BigInt(refunded), BigInt(sale.amount));
    const remaining = this.remaining(earning);
    const amount = Math.min(share, remaining);
    if (amount <= 0) return;
    const key = `c:${eventId}`;
    // Paid, or reserved by an open run: the run pays what it previewed; a clawback nets later.
    const settled = earning.status === "paid" || earning.payout !== null;
    this.rows.set(key, {
      key,
      creator: earning.creator,
      kind: settled ? "clawback" : "reversal",
      amount: -amount,
      status: settled ? "approved" : earning.status,
      sale: earning.sale,
      of: earning.key,
      payout: null,
      everApproved: settled,
    });
    // Nothing remains: the earning and what nets against it leave every balance. Not when part
    // of that was paid or is reserved (a reinstatement paid on its own): a paid row never moves,
    // so the unpaid rows stay, netting to what the creator owes back.
    const netted = this.netted(earning);
    if (!settled && amount === remaining && netted.every(movable)) for (const r of netted) r.status = "reversed";
  }

  /** A dispute won gives back exactly what its opening took. */
  private giveBack(eventId: string, dispute: string): void {
    const took = this.rows.get(this.openings.get(dispute) ?? "");
    if (!took) return;
    const earning = this.rows.get(took.of!)!;
    const follows = took.kind === "reversal" && earning.status !== "paid";
    const key = `c:${eventId}`;
    this.rows.set(key, {
      key,
      creator: earning.creator,
      kind: "reinstatement",
      amount: -took.amount,
      status: follows ? earning.status : "approved",
      sale: earning.sale,
      of: took.key,
      payout: null,
      everApproved: follows ? earning.everApproved : true,
    });
    if (follows && earning.status === "reversed") {
      const back: Status = earning.everApproved ? "approved" : "pending";
      for (const r of this.netted(earning)) if (r.status === "reversed") r.status = back;
    }
  }

  /** Every hold has passed (holds are not the subject here): pending earnings and what nets against them are approved. */
  private approveDue(): void {
    for (const earning of this.rows.values()) {
      if (earning.kind !== "earning" || earning.status !== "pending") continue;
      for (const r of this.netted(earning)) {
        if (r.status !== "pending") continue;
        r.status = "approved";
        r.everApproved = true;
      }
    }
  }

  private openRun(): (typeof this.runs)[number] | undefined {
    return this.runs.find((r) => r.status === "failed");
  }

  private openAndApprove(): void {
    if (this.openRun()) return; // one open run per brand: a failed run waits for its retry
    const free = [...this.rows.values()].filter((r) => r.status === "approved" && r.payout === null);
    const runIndex = this.runs.length;
    const payoutIds: number[] = [];
    const lines: Payout[] = [];
    for (let creator = 0; creator < this.scenario.creators; creator++) {
      const mine = free.filter((r) => r.creator === creator);
      if (mine.length === 0) continue;
      const net = mine.reduce((s, r) => s + r.amount, 0);
      const skipReason =
        net <= 0 ? "nothing_due" : net < this.scenario.minimum ? "below_minimum" : this.scenario.accountless.includes(creator) ? "no_payout_account" : null;
      lines.push({ run: runIndex, creator, amount: net, status: skipReason ? "skipped" : "pending", skipReason, rows: mine.map((r) => r.key) });
    }
    const transfers = lines.filter((l) => !l.skipReason).reduce((s, l) => s + l.amount, 0);
    if (transfers === 0) return; // approval refuses a run with nothing to transfer: it stays a preview
    for (const line of lines) {
      payoutIds.push(this.payouts.length);
      this.payouts.push(line);
      if (!line.skipReason) for (const key of line.rows) this.rows.get(key)!.payout = this.payouts.length - 1;
    }
    const charge = grossUp(transfers);
    this.runs.push({ status: "failed", attempt: 0, transfers, charge, fee: stripeCardFee(charge), refunded: 0, payouts: [], payoutIds });
    this.charge(this.runs[runIndex]!);
  }

  private retry(): void {
    const run = this.openRun();
    if (run) this.charge(run);
  }

  /** One charge attempt; on success, one transfer per payable creator, then the unpaid part back to the brand. */
  private charge(run: (typeof this.runs)[number]): void {
    run.attempt++;
    if (this.chargeFailures > 0) {
      this.chargeFailures--;
      run.status = "failed";
      return;
    }
    let standing = 0;
    for (const id of run.payoutIds) {
      const payout = this.payouts[id]!;
      if (payout.skipReason) continue;
      const failure = this.transferFailures.indexOf(payout.creator);
      if (failure >= 0) {
        this.transferFailures.splice(failure, 1);
        payout.status = "failed";
        this.release(id);
        continue;
      }
      payout.status = "paid";
      standing += payout.amount;
      for (const key of payout.rows) this.rows.get(key)!.status = "paid";
    }
    run.refunded += run.charge - run.fee - standing - run.refunded;
    run.status = "completed";
  }

  /** A payout's commissions are free again (approved, in no payout). */
  private release(payoutId: number): void {
    for (const key of this.payouts[payoutId]!.rows) {
      const r = this.rows.get(key)!;
      r.status = "approved";
      r.payout = null;
    }
  }

  /** One of the creator's paid transfers is reversed: its commissions come back, its amount goes back to the brand. */
  private reverse(creator: number, latest: number): void {
    const paid = [...this.payouts.keys()].filter((i) => this.payouts[i]!.creator === creator && this.payouts[i]!.status === "paid");
    if (paid.length === 0) return;
    const id = paid[paid.length - 1 - (latest % paid.length)]!;
    const payout = this.payouts[id]!;
    payout.status = "reversed";
    this.release(id);
    this.runs[payout.run]!.refunded += payout.amount;
  }

  snapshot(): Snapshot {
    const commissions: Snapshot["commissions"] = {};
    const balances: Balance[] = Array.from({ length: this.scenario.creators }, () => ({ pending: 0, approved: 0, paid: 0, clawback: 0 }));
    for (const r of this.rows.values()) {
      commissions[r.key] = { creator: r.creator, kind: r.kind, amount: r.amount, status: r.status };
      const b = balances[r.creator]!;
      if (r.kind === "clawback" && (r.status === "pending" || r.status === "approved")) b.clawback += r.amount;
      else if (r.status === "pending") b.pending += r.amount;
      else if (r.status === "approved") b.approved += r.amount;
      else if (r.status === "paid") b.paid += r.amount;
    }
    const runs = this.runs.map(({ payoutIds, ...run }) => ({
      ...run,
      payouts: payoutIds.map((id) => {
        const { creator, amount, status, skipReason } = this.payouts[id]!;
        return { creator, amount, status, skipReason };
      }),
    }));
    return { commissions, balances, runs };
  }
}
