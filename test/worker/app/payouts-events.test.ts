import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withBrand, withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { PayoutMessage } from "../../../src/infra/queues/messages";
import { sweepMovingRuns } from "../../../src/payouts/execute/sweep";
import { usingDb, webhookEventsAbout } from "../support/fixtures";
import {
  advance,
  approvedRun,
  commissionRowsOf,
  config,
  creatorOwed,
  executedWith,
  moneyAtStripe,
  payingBrand,
  payoutRows,
  platform,
  queuedEvent,
  runRow,
  standInEvents,
  standInRequests,
} from "../support/payouts-stripe";
import { consume, recordingQueue } from "../support/tracking";

/**
 * Queue `rekomi-payouts` through the app worker's real queue handler: Stripe's events (as
 * the stand-in recorded them) and run steps, the reversal of a paid transfer, the sweeper
 * and the dead letters of payouts messages.
 */

const deliver = (messages: unknown[], opts: { attempts?: number; env?: object } = {}) => consume("rekomi-payouts", messages, opts);

async function eventAbout(type: string, id: string) {
  const found = (await standInEvents()).filter((e) => e.type === type && (e.data.object as { id: string }).id === id);
  expect(found, `${type} of ${id}`).not.toHaveLength(0);
  return found.at(-1)!;
}

describe("payouts queue: Stripe events and run steps", { timeout: 60_000 }, () => {
  it("a payment_intent.succeeded of a run advances it through Stripe's own answer; the same event twice does it once", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann]);
    // The run's charge made at Stripe (created, then confirmed), its answers lost before they were recorded (the run still says charging, no PI).
    const stripe = await platform();
    const created = await stripe.paymentIntents.create(
      { amount: run.charge, currency: "usd", customer: b.customer, payment_method: b.paymentMethod, transfer_group: run.runId, description: `Rekomi payout run ${run.runId}`, metadata: { rekomi_run: run.runId, rekomi_brand: b.brand.brandId, rekomi_attempt: "1" }, expand: ["latest_charge.balance_transaction"] },
      { idempotencyKey: `run_${run.runId}_1` },
    );
    const intent = await stripe.paymentIntents.confirm(created.id, { payment_method: b.paymentMethod, off_session: true, expand: ["latest_charge.balance_transaction"] }, { idempotencyKey: `run_${run.runId}_1_confirm` });
    const event = queuedEvent(await eventAbout("payment_intent.succeeded", intent.id));

    const first = await deliver([event, event]);
    expect(first.explicitAcks).toHaveLength(2);
    expect(first.retryMessages).toEqual([]);
    const row = await runRow(b, run.runId);
    expect(row).toMatchObject({ status: "completed", paymentIntentId: intent.id });
    // The create and the confirmation were replayed by their keys: one charge, one transfer.
    expect((await executedWith([`run_${run.runId}_1`])).length).toBe(1);
    expect((await executedWith([`run_${run.runId}_1_confirm`])).length).toBe(1);
    expect((await executedWith(Object.values(run.payoutIds))).length).toBe(1);
  });

  it("acknowledges events of runs this deployment does not know, and types payouts do not use", async () => {
    const foreign: PayoutMessage = { v: 1, kind: "stripe_event", event: { id: "evt_foreign", type: "payment_intent.succeeded", account: null, livemode: false, created: 1, object: { id: "pi_x", object: "payment_intent", transfer_group: "prun_of_another_environment" }, receivedAt: Date.now() } };
    const other: PayoutMessage = { v: 1, kind: "stripe_event", event: { id: "evt_other", type: "customer.created", account: null, livemode: false, created: 1, object: { id: "cus_x" }, receivedAt: Date.now() } };
    const result = await deliver([foreign, other]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toEqual([]);
  });

  it("retries with a delay while Stripe cannot be reached, and keeps the run as it was", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann]);
    const result = await deliver([{ v: 1, kind: "advance_run", brand: b.brand.brandId, run: run.runId }], { env: { ...env, STRIPE_API_URL: "http://127.0.0.1:9" }, attempts: 2 });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryDelays).toEqual([10]);
    expect((await runRow(b, run.runId)).status).toBe("charging");
  });

  it("a reversed transfer (even partly) is wholly reversed, its commissions freed, its amount refunded to the brand, once", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 3);
    const bob = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann, bob]);
    await advance(b, run.runId);
    const payouts = await payoutRows(b, run.runId);
    const anns = payouts.find((p) => p.affiliateId === ann.affiliateId)!;

    // Stripe (or staff in its dashboard) reverses part of Ann's transfer.
    const stripe = await platform();
    await stripe.transfers.createReversal(anns.transferId!, { amount: 1_000 });
    const event = queuedEvent(await eventAbout("transfer.reversed", anns.transferId!));
    const result = await deliver([event]);
    expect(result.explicitAcks).toHaveLength(1);
    await deliver([event]);

    const reversed = (await payoutRows(b, run.runId)).find((p) => p.id === anns.id)!;
    expect(reversed).toMatchObject({ status: "reversed", failureCode: "transfer_reversed", transferId: anns.transferId });
    expect((await commissionRowsOf(b, ann.commissionIds)).every((c) => c.status === "approved" && c.payoutId === null && c.paidAt === null)).toBe(true);
    expect((await commissionRowsOf(b, bob.commissionIds)).every((c) => c.status === "paid")).toBe(true);
    const row = await runRow(b, run.runId);
    expect(row.refundedAmount).toBe(3_000);

    const rest = await executedWith([`payout_${anns.id}_reverse_rest_2000`]);
    expect(rest).toMatchObject([{ path: `/v1/transfers/${anns.transferId}/reversals`, params: { amount: "2000" } }]);
    const refunds = await executedWith([`payout_${anns.id}_reversal`]);
    expect(refunds).toMatchObject([{ path: "/v1/refunds", params: { charge: row.chargeId, amount: "3000" } }]);

    const money = await moneyAtStripe(row.chargeId!, payouts.map((p) => p.transferId!));
    expect(money.transfers.find((t) => t.id === anns.transferId)!.amount_reversed).toBe(3_000);
    expect(money).toMatchObject({ standing: 1_000, refunded: 3_000 });
    expect(money.charged).toBe(money.fee + money.standing + money.refunded);

    expect(await webhookEventsAbout(b.brand.brandId, anns.id)).toMatchObject([
      { type: "payout.paid" },
      { type: "payout.failed", data: { status: "reversed", failure_code: "transfer_reversed" } },
    ]);
    // The full reversal we made sends its own transfer.reversed: applying it changes nothing more.
    const ours = (await standInEvents()).filter((e) => e.type === "transfer.reversed" && (e.data.object as { id: string }).id === anns.transferId);
    expect(ours).toHaveLength(2);
    await deliver(ours.map(queuedEvent));
    expect((await runRow(b, run.runId)).refundedAmount).toBe(3_000);
    expect((await standInRequests()).filter((r) => r.path === "/v1/refunds" && r.idempotencyKey === `payout_${anns.id}_reversal` && !r.replayed)).toHaveLength(1);
  });

  it("the sweeper asks again for runs whose money stopped moving for five minutes", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann]);
    const other = await payingBrand();
    const fresh = await approvedRun(other, [await creatorOwed(other.brand, 1)]);
    await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.update(schema.payoutRuns).set({ updatedAt: sql`now() - interval '6 minutes'` }).where(eq(schema.payoutRuns.id, run.runId))));
    const queue = recordingQueue<PayoutMessage>();
    const sent: PayoutMessage[] = [];
    queue.sendBatch = async (messages: Iterable<MessageSendRequest<PayoutMessage>>) => {
      for (const m of messages) sent.push(m.body);
      return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
    };
    await usingDb((db) => sweepMovingRuns({ ...config(), PAYOUTS_QUEUE: queue }, db));
    expect(sent).toContainEqual({ v: 1, kind: "advance_run", brand: b.brand.brandId, run: run.runId });
    expect(sent.map((m) => (m.kind === "advance_run" ? m.run : ""))).not.toContain(fresh.runId);
  });
});

describe("dead letters of the payouts queue", { timeout: 60_000 }, () => {
  it("keeps a run step and a platform event under the run's brand, and a connected account's event for staff only", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann]);
    const step: PayoutMessage = { v: 1, kind: "advance_run", brand: b.brand.brandId, run: run.runId };
    const platformEvent: PayoutMessage = { v: 1, kind: "stripe_event", event: { id: `evt_dl_${run.runId}`, type: "charge.succeeded", account: null, livemode: false, created: 1, object: { id: "ch_x", transfer_group: run.runId }, receivedAt: Date.now() } };
    const connectEvent: PayoutMessage = { v: 1, kind: "stripe_event", event: { id: `evt_dlc_${run.runId}`, type: "account.updated", account: ann.account, livemode: false, created: 1, object: { id: ann.account, transfer_group: run.runId }, receivedAt: Date.now() } };
    const result = await consume("rekomi-payouts-dlq", [step, platformEvent, connectEvent], { attempts: 11 });
    expect(result.explicitAcks).toHaveLength(3);

    const brandRows = await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.select().from(schema.deadLetters)));
    expect(brandRows.map((r) => [r.queue, r.dedupeKey]).sort()).toEqual([
      ["rekomi-payouts", `advance_run:${run.runId}`],
      ["rekomi-payouts", `evt_dl_${run.runId}`],
    ]);
    const staffRows = await usingDb((db) => withPrincipal(db, { kind: "platform_admin", userId: "staff" }, (tx) => tx.select().from(schema.deadLetters).where(eq(schema.deadLetters.dedupeKey, `evt_dlc_${run.runId}`))));
    expect(staffRows).toMatchObject([{ brandId: null, queue: "rekomi-payouts" }]);
  });
});
