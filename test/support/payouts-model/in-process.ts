import { chargeFor, settlementRefund } from "../../../src/payouts/fees";
import { planRun, type CreatorFacts } from "../../../src/payouts/plan";
import { CommissionLedger } from "./in-process-ledger";
import type { Balance, ModelRun, Snapshot } from "./snapshot";
import type { Scenario, Step } from "./ops";
import { SimulatedStripe } from "./simulated-stripe";

/**
 * The system under test in process: the production pure functions (calculateCommission,
 * reversalFor, planRun, chargeFor, settlementRefund) driven by in-memory state that makes the
 * decisions the production code makes around them, row for row: the commissions ledger
 * (in-process-ledger.ts: attribution, accrual, reversals, reinstatements, approval), payout
 * runs as the money model specifies them (open → planRun, reserve; approve → charge
 * `chargeFor`; one transfer per payable creator from the charge; a failed transfer or a
 * reversal → commissions approved again and the amount refunded to the brand; settlement
 * `settlementRefund` with Stripe's own fee), and Stripe (simulated-stripe.ts).
 */

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

export class InProcessSystem {
  readonly stripe = new SimulatedStripe();
  private readonly ledger: CommissionLedger;
  private readonly runs: RunRow[] = [];
  private readonly payouts: PayoutRow[] = [];
  private readonly creators = new Map<string, CreatorFacts>();
  private n = 0;

  constructor(private readonly scenario: Scenario) {
    this.ledger = new CommissionLedger(scenario);
    for (let c = 0; c < scenario.creators; c++) {
      const onboarded = !scenario.accountless.includes(c);
      this.creators.set(aff(c), { stripeAccountId: onboarded ? `acct_${c}` : null, transfersActive: onboarded, taxFormAllows: true });
    }
  }

  private get commissions() {
    return this.ledger.commissions;
  }

  apply(step: Step): void {
    this.ledger.clock++;
    switch (step.t) {
      case "sale":
      case "refund":
      case "dispute":
        return this.ledger.receive(step);
      case "replay":
        return this.ledger.replay(step.id);
      case "approveDue":
        return this.ledger.approveDue();
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
