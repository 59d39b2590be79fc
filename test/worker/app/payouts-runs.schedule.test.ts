import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appConfig } from "../../../src/infra/app/config";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { PayoutMessage } from "../../../src/infra/queues/messages";
import type { PayoutPolicy, PayoutRun } from "../../../src/payouts/schemas";
import { openScheduledRuns } from "../../../src/payouts/schedule";
import { call, usingDb } from "../support/fixtures";
import { json, payableBrand, savedMethod } from "../support/payouts";
import { recordingQueue } from "../support/tracking";

/** Sets the brand's policy through the API, then makes its run due (what time would do). */
async function dueBrand(policy: Record<string, unknown>) {
  const fixture = await payableBrand();
  await json<PayoutPolicy>(await call("/v1/payout-policy", { method: "PATCH", key: fixture.brand.apiKey, json: { schedule: "weekly", weekday: 1, ...policy } }), 200);
  await usingDb((db) =>
    withBrand(db, fixture.brand.brandId, (tx) => tx.update(schema.payoutPolicies).set({ nextRunAt: new Date(Date.now() - 60_000) }).where(eq(schema.payoutPolicies.brandId, fixture.brand.brandId))),
  );
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

  it("leaves a draft without a saved method, and skips an occurrence while a run is open", async () => {
    const { brand } = await dueBrand({ requires_approval: false });
    await tick();
    const [draft] = await runsOf(brand.apiKey);
    expect(draft).toMatchObject({ status: "draft", trigger: "schedule" });

    await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.update(schema.payoutPolicies).set({ nextRunAt: new Date(Date.now() - 60_000) }).where(eq(schema.payoutPolicies.brandId, brand.brandId))));
    await tick();
    const runs = await runsOf(brand.apiKey);
    expect(runs.map((r) => [r.id, r.status])).toEqual([[draft!.id, "draft"]]);
    expect(Date.parse((await policyOf(brand.apiKey)).next_run_at!)).toBeGreaterThan(Date.now());
  });
});
