import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appConfig } from "../../../src/infra/app/config";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { PayoutMessage } from "../../../src/infra/queues/messages";
import type { PayoutPolicy, PayoutRun } from "../../../src/payouts/schemas";
import { openScheduledRuns } from "../../../src/payouts/schedule";
import { call, createBrand, usingDb } from "../support/fixtures";
import { commission, creatorOf, json, lineOf, payableBrand, payoutAccount, savedMethod } from "../support/payouts";
import { recordingQueue } from "../support/tracking";

/** Makes the brand's next run due (what time would do). */
const makeDue = (brandId: string) =>
  usingDb((db) => withBrand(db, brandId, (tx) => tx.update(schema.payoutPolicies).set({ nextRunAt: new Date(Date.now() - 60_000) }).where(eq(schema.payoutPolicies.brandId, brandId))));

/** Sets the brand's policy through the API, then makes its run due. */
async function dueBrand(policy: Record<string, unknown>) {
  const fixture = await payableBrand();
  await json<PayoutPolicy>(await call("/v1/payout-policy", { method: "PATCH", key: fixture.brand.apiKey, json: { schedule: "weekly", weekday: 1, ...policy } }), 200);
  await makeDue(fixture.brand.brandId);
  return fixture;
}

async function tick(): Promise<PayoutMessage[]> {
  const queue = recordingQueue<PayoutMessage>();
  await usingDb((db) => openScheduledRuns(appConfig({ ...env, PAYOUTS_QUEUE: queue }), db));
  return queue.sent;
}

const runsOf = async (key: string) => (await json<{ data: PayoutRun[] }>(await call("/v1/payout-runs", { key }), 200)).data;
const policyOf = async (key: string) => json<PayoutPolicy>(await call("/v1/payout-policy", { key }), 200);

describe("scheduled payout runs", () => {
  it("opens a draft when approval is required, and moves next_run_at to the next occurrence", async () => {
    const { brand } = await dueBrand({ requires_approval: true });
    await savedMethod(brand.brandId);
    const sent = await tick();
    const [run, ...others] = await runsOf(brand.apiKey);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "draft", trigger: "schedule", transfer_amount: 5_000, approved_by: null });
    expect(sent.filter((m) => m.kind === "advance_run" && m.brand === brand.brandId)).toEqual([]);
    const next = new Date((await policyOf(brand.apiKey)).next_run_at!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getUTCDay()).toBe(1);

    // Not due again: a second tick opens nothing.
    await tick();
    expect(await runsOf(brand.apiKey)).toHaveLength(1);
  });

  it("approves at once when the policy does not require approval and a method is saved, and queues advance_run", async () => {
    const { brand } = await dueBrand({ requires_approval: false });
    const methodId = await savedMethod(brand.brandId);
    const sent = await tick();
    const [run] = await runsOf(brand.apiKey);
    expect(run).toMatchObject({ status: "charging", trigger: "schedule", attempt: 1, approved_by: "schedule", payment_method_id: methodId });
    expect(sent).toContainEqual({ v: 1, kind: "advance_run", brand: brand.brandId, run: run!.id });
  });

  it("leaves a draft without a saved method, replaces its own stale draft at the next occurrence, and leaves a person's draft alone", async () => {
    const { brand, creator, commissionId } = await dueBrand({ requires_approval: false });
    await tick();
    const [draft] = await runsOf(brand.apiKey);
    expect(draft).toMatchObject({ status: "draft", trigger: "schedule" });

    // Nobody approved it: the next occurrence previews afresh, with what became due since.
    const later = await commission(brand.brandId, creator, 1_000);
    await makeDue(brand.brandId);
    await tick();
    const [fresh, old, ...others] = await runsOf(brand.apiKey);
    expect(others).toEqual([]);
    expect([fresh!.status, fresh!.trigger, old!.id, old!.status]).toEqual(["draft", "schedule", draft!.id, "canceled"]);
    const run = await json<PayoutRun>(await call(`/v1/payout-runs/${fresh!.id}`, { key: brand.apiKey }), 200);
    expect(lineOf(run, creator.affiliateId)).toMatchObject({ status: "pending", amount: 6_000, commission_ids: [commissionId, later].sort() });

    // A person's preview is theirs: the scheduler skips the occurrence and keeps it.
    const manual = await json<PayoutRun>(await call("/v1/payout-runs", { method: "POST", key: brand.apiKey }), 201);
    await makeDue(brand.brandId);
    await tick();
    const runs = await runsOf(brand.apiKey);
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      [manual.id, "draft"],
      [fresh!.id, "canceled"],
      [draft!.id, "canceled"],
    ]);
    expect(Date.parse((await policyOf(brand.apiKey)).next_run_at!)).toBeGreaterThan(Date.now());
  });

  it("keeps no draft with nothing to transfer, so an auto-approved schedule pays at the next occurrence", async () => {
    const brand = await createBrand();
    const creator = await creatorOf(brand);
    await commission(brand.brandId, creator, 5_000);
    await json<PayoutPolicy>(await call("/v1/payout-policy", { method: "PATCH", key: brand.apiKey, json: { schedule: "weekly", weekday: 1, requires_approval: false } }), 200);
    const methodId = await savedMethod(brand.brandId);
    await makeDue(brand.brandId);

    // The only line waits (no payout account yet): nothing is kept open.
    const first = await tick();
    expect(await runsOf(brand.apiKey)).toEqual([]);
    expect(first.filter((m) => m.kind === "advance_run" && m.brand === brand.brandId)).toEqual([]);
    expect(Date.parse((await policyOf(brand.apiKey)).next_run_at!)).toBeGreaterThan(Date.now());

    await payoutAccount(creator.affiliateId);
    await makeDue(brand.brandId);
    const sent = await tick();
    const [run, ...others] = await runsOf(brand.apiKey);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "charging", trigger: "schedule", transfer_amount: 5_000, approved_by: "schedule", payment_method_id: methodId });
    expect(sent).toContainEqual({ v: 1, kind: "advance_run", brand: brand.brandId, run: run!.id });
  });
});
