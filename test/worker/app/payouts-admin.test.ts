import { beforeAll, describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { expectJson } from "../support/brand-dashboard";
import { Browser, createAffiliate, createBrand, signedUpUser, staffBrowser, usingDb } from "../support/fixtures";
import { loadWorker } from "../support/gateway-connections";

type AdminRun = { id: string; brand: { id: string; name: string }; status: string; charge_amount: number; failure_code: string | null; failure_message: string | null; payment_intent_id: string | null; approved_at: string | null; troubled_payouts: { id: string; status: string; transfer_id: string | null; failure_message: string | null }[] };

const HOUR = 3600_000;
const runId = () => `prun_${crypto.randomUUID().replace(/-/g, "").slice(0, 26)}`;

/** One run of `brandId` with one payout to a fresh creator, written as the brand under RLS. */
async function runFixture(name: string, run: Partial<typeof schema.payoutRuns.$inferInsert>, payout: Partial<typeof schema.payouts.$inferInsert>): Promise<{ brandId: string; runId: string }> {
  const { brandId } = await createBrand(name);
  const { affiliateId } = await createAffiliate();
  const id = runId();
  await usingDb((db) =>
    withBrand(db, brandId, async (tx) => {
      await tx.insert(schema.payoutRuns).values({ id, brandId, trigger: "manual", currency: "USD", transferGroup: id, transferAmount: 10_000, feeAmount: 320, chargeAmount: 10_320, attempt: 1, paymentIntentId: `pi_${id}`, chargeId: `ch_${id}`, ...run });
      await tx.insert(schema.payouts).values({ id: `po_${id.slice(5)}`, runId: id, brandId, affiliateId, status: "pending", amount: 10_000, currency: "USD", transferGroup: id, ...payout });
    }),
  );
  return { brandId, runId: id };
}

let staff: Browser;
let fixtures: Record<"failed" | "stuck" | "swept" | "reversed" | "completed" | "moving" | "canceled" | "refused" | "disputed", { brandId: string; runId: string }>;

beforeAll(async () => {
  await loadWorker();
  staff = await staffBrowser();
  const now = Date.now();
  fixtures = {
    failed: await runFixture("Declined brand", { status: "failed", failureCode: "card_declined", failureMessage: "Your card was declined." }, {}),
    stuck: await runFixture("Stuck brand", { status: "charging", approvedAt: new Date(now - 2 * HOUR), updatedAt: new Date(now - 2 * HOUR) }, {}),
    // The sweeper asked Stripe again a minute ago (updated_at is fresh), but the run was approved two hours ago.
    swept: await runFixture("Swept brand", { status: "transferring", approvedAt: new Date(now - 2 * HOUR), updatedAt: new Date(now - 60_000) }, {}),
    reversed: await runFixture("Reversed brand", { status: "completed", completedAt: new Date(now - 10 * 24 * HOUR) }, { status: "reversed", transferId: "tr_reversed", paidAt: new Date(now - 10 * 24 * HOUR), updatedAt: new Date(now - 5 * 24 * HOUR) }),
    completed: await runFixture("Fine brand", { status: "completed", completedAt: new Date(now) }, { status: "paid", transferId: `tr_${runId()}`, paidAt: new Date(now) }),
    moving: await runFixture("Busy brand", { status: "transferring", approvedAt: new Date(now - 5 * 60_000), updatedAt: new Date(now - 5 * 60_000) }, {}),
    // An ordinary cancel: the run's payouts failed with run_canceled.
    canceled: await runFixture("Canceling brand", { status: "canceled", paymentIntentId: null, chargeId: null }, { status: "failed", failureCode: "run_canceled", failureMessage: "The run was canceled before any money moved." }),
    // Flags set while or after the money moved: the run's status stays as it was.
    refused: await runFixture("Refused brand", { status: "transferring", approvedAt: new Date(now - 5 * 60_000), failureCode: "settlement_refund_refused", failureMessage: "Stripe refused the settlement refund." }, {}),
    disputed: await runFixture("Disputed brand", { status: "completed", approvedAt: new Date(now - 24 * HOUR), completedAt: new Date(now - 23 * HOUR), failureCode: "charge_disputed", failureMessage: "The brand disputed charge ch_x." }, { status: "paid", transferId: `tr_${runId()}`, paidAt: new Date(now - 23 * HOUR) }),
  };
}, 120_000);

const list = async (query: string) => (await expectJson<{ data: AdminRun[] }>(await staff.get(`/api/admin/payout-runs${query}`), 200)).data;

describe("staff: payout runs across brands", () => {
  it("trouble=true lists failed runs, runs moving for over an hour and runs with reversed transfers, of every brand", async () => {
    const runs = await list("?trouble=true&limit=100");
    const byId = new Map(runs.map((r) => [r.id, r]));
    expect(byId.get(fixtures.failed.runId)).toMatchObject({ status: "failed", failure_code: "card_declined", brand: { id: fixtures.failed.brandId, name: "Declined brand" }, charge_amount: 10_320 });
    expect(byId.get(fixtures.stuck.runId)).toMatchObject({ status: "charging", payment_intent_id: `pi_${fixtures.stuck.runId}`, brand: { name: "Stuck brand" } });
    expect(byId.get(fixtures.reversed.runId)).toMatchObject({ status: "completed", troubled_payouts: [{ status: "reversed", transfer_id: "tr_reversed" }] });
    expect(byId.has(fixtures.completed.runId)).toBe(false);
    expect(byId.has(fixtures.moving.runId)).toBe(false);
  });

  it("stuck means approved over an hour ago and still moving, however recently the run was touched", async () => {
    const byId = new Map((await list("?trouble=true&limit=100")).map((r) => [r.id, r]));
    expect(byId.get(fixtures.swept.runId)).toMatchObject({ status: "transferring", brand: { name: "Swept brand" } });
    expect(byId.get(fixtures.swept.runId)!.approved_at).not.toBeNull();
  });

  it("a canceled run's payouts are not trouble; runs flagged while or after their money moved are, with the flag", async () => {
    const byId = new Map((await list("?trouble=true&limit=100")).map((r) => [r.id, r]));
    expect(byId.has(fixtures.canceled.runId)).toBe(false);
    expect(byId.get(fixtures.refused.runId)).toMatchObject({ status: "transferring", failure_code: "settlement_refund_refused", failure_message: "Stripe refused the settlement refund." });
    expect(byId.get(fixtures.disputed.runId)).toMatchObject({ status: "completed", failure_code: "charge_disputed", failure_message: "The brand disputed charge ch_x.", troubled_payouts: [] });
    // Listed without trouble, a canceled run shows no canceled payout as troubled.
    const all = new Map((await list("?limit=100")).map((r) => [r.id, r]));
    expect(all.get(fixtures.canceled.runId)).toMatchObject({ status: "canceled", troubled_payouts: [] });
  });

  it("without trouble, recent runs of every brand", async () => {
    const ids = (await list("?limit=100")).map((r) => r.id);
    for (const f of Object.values(fixtures)) expect(ids).toContain(f.runId);
  });

  it("is for staff only", async () => {
    const someone = await signedUpUser();
    expect((await someone.browser.get("/api/admin/payout-runs?trouble=true")).status).toBe(403);
    expect((await new Browser().get("/api/admin/payout-runs?trouble=true")).status).toBe(401);
    expect((await staff.get("/api/admin/payout-runs?trouble=maybe")).status).toBe(400);
  });
});
