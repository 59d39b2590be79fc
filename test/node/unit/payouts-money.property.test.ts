import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InProcessSystem } from "../../support/payouts-model/in-process";
import { ReferenceModel } from "../../support/payouts-model/model";
import { grossUp, stripeCardFee } from "../../support/payouts-model/stripe-price";
import { PAID_REINSTATEMENT_UNDER_REFUND, opsArb, scenarioArb, script, show, type Op, type Scenario } from "../../support/payouts-model/ops";

/**
 * The proof of money correctness, in process (issue 12): random sequences of sales,
 * renewals, refunds, disputes, duplicate and reordered events, approvals, payout runs,
 * failed charges, failed and reversed transfers, replayed through the production pure
 * functions (test/support/payouts-model/in-process.ts) and through an independent reference
 * model (model.ts); after every sequence every commission's status and amount, every
 * creator's balances and every run's charge, fee, transfers and refunds agree to the cent, and
 * no money is created or lost. A failure prints the seed and the shrunk sequence.
 */

const RUNS = 10_000;

describe("payouts money, property", () => {
  it("the reference model's Stripe arithmetic is what Stripe publishes", () => {
    expect([stripeCardFee(1_000), stripeCardFee(500), stripeCardFee(517)]).toEqual([59, 45, 45]);
    // 10.00 to transfer: 10.61 charged, Stripe keeps 0.61 (2.9 % of 10.61 = 0.3077 → 0.31, + 0.30);
    // 10.60 would leave 9.99.
    expect(grossUp(1_000)).toBe(1_061);
    expect(grossUp(0)).toBe(0);
  });

  /** Replays `ops` through both and compares, with the sequence in the failure message. */
  function replay(scenario: Scenario, ops: readonly Op[]) {
    const sequence = script(ops, "x");
    const model = new ReferenceModel(scenario);
    const system = new InProcessSystem(scenario);
    for (const step of sequence) {
      model.apply(step);
      system.apply(step);
    }
    const context = `sequence:\n  ${sequence.map(show).join("\n  ")}`;
    expect(system.invariants(), context).toEqual([]);
    expect(system.snapshot(), context).toEqual(model.snapshot());
  }

  // Too deep for random search to find often (a partial dispute, two runs, the older transfer
  // reversed, then a full refund): markReversed (lifecycle.ts moveEarnings) moves the paid
  // reinstatement to `reversed` with its earning, so 5.00 stays transferred to the creator with
  // no paid commission behind it and nothing owed back. Red until lifecycle.ts and reverse.ts
  // (and their mirror in in-process.ts) leave paid rows alone.
  it("a full refund after the older of two transfers is reversed keeps the paid reinstatement paid and the rest owed back", () => {
    replay(PAID_REINSTATEMENT_UNDER_REFUND.scenario, PAID_REINSTATEMENT_UNDER_REFUND.ops);
  });

  it(`agrees with the reference model over ${RUNS} random sequences`, () => {
    let sequences = 0;
    let steps = 0;
    const seen = { runs: 0, failedCharges: 0, skipped: 0, pending: 0, paid: 0, failed: 0, reversed: 0, earning: 0, reversal: 0, clawback: 0, reinstatement: 0 };
    const started = performance.now();
    fc.assert(
      fc.property(scenarioArb(3), opsArb({ creators: 3, maxOps: 30 }), (scenario, ops) => {
        const sequence = script(ops, "s");
        const model = new ReferenceModel(scenario);
        const system = new InProcessSystem(scenario);
        for (const step of sequence) {
          model.apply(step);
          system.apply(step);
        }
        const expected = model.snapshot();
        const actual = system.snapshot();
        const broken = system.invariants();
        // Deep equality with a readable diff only when the cheap comparison differs: 10,000 diffs cost seconds.
        if (broken.length > 0 || JSON.stringify(actual) !== JSON.stringify(expected)) {
          const context = `sequence:\n  ${sequence.map(show).join("\n  ")}`;
          expect(broken, context).toEqual([]);
          expect(actual.commissions, context).toEqual(expected.commissions);
          expect(actual.balances, context).toEqual(expected.balances);
          expect(actual.runs, context).toEqual(expected.runs);
        }
        sequences++;
        steps += sequence.length;
        for (const run of expected.runs) {
          seen.runs++;
          if (run.status === "failed" || run.attempt > 1) seen.failedCharges++;
          for (const p of run.payouts) seen[p.status]++;
        }
        for (const c of Object.values(expected.commissions)) seen[c.kind]++;
      }),
      { numRuns: RUNS },
    );
    const seconds = ((performance.now() - started) / 1_000).toFixed(1);
    // What the sequences exercised, so a generator that stopped reaching a path shows here.
    console.log(`payouts money property: ${sequences} sequences, ${steps} steps in ${seconds} s; ${JSON.stringify(seen)}`);
    for (const path of ["failedCharges", "paid", "failed", "reversed", "skipped", "clawback", "reinstatement"] as const) expect(seen[path], path).toBeGreaterThan(0);
    expect(sequences).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);
});
