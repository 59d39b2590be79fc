import { brandOperation, type OperationContext } from "../infra/api/operation";
import type { Tx } from "../infra/db/client";
import { DomainError } from "../infra/domain-error";
import { decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { enqueueAfterCommit } from "../webhooks/enqueue";
import { payoutsConfigured } from "./platform";
import { readPolicy, updatePolicy } from "./policy/policy";
import { findPayout, listPayouts, listRuns, runWithItems } from "./queries";
import { approveRun, queueAdvance } from "./runs/approve";
import { cancelRun } from "./runs/cancel";
import { openRun } from "./runs/open";
import { Payout, PayoutListQuery, PayoutPolicy, PayoutRun, PayoutRunListQuery, UpdatePayoutPolicy, serializePayout, serializePolicy, serializeRun } from "./schemas";

/** Payouts: the brand's payout policy, its payout runs (preview, approve, retry, cancel) and their payouts, on both doors. */

const tags = ["Payouts"];
const runParams = idParams({ runId: "prun" });
const runTarget = (id: string) => ({ type: "payout_run", id });
const actorName = (ctx: OperationContext) => ctx.actor.id ?? ctx.actor.type;

async function policyOf(ctx: OperationContext, tx: Tx): Promise<PayoutPolicy> {
  return serializePolicy({ ...(await readPolicy(tx, ctx.brandId, ctx.config.STRIPE_PLATFORM_COUNTRY)), payoutsConfigured: payoutsConfigured(ctx.config) });
}

async function runBody(tx: Tx, runId: string): Promise<PayoutRun> {
  const found = await runWithItems(tx, runId);
  if (!found) throw new DomainError("not_found", `No payout run ${runId}.`, { param: "runId" });
  return serializeRun(found.run, found.items);
}

export const getPayoutPolicyOperation = brandOperation({
  id: "getPayoutPolicy",
  permission: "payouts.view",
  method: "get",
  path: "/payout-policy",
  tags,
  summary: "Get the payout policy",
  description: "When runs happen, the minimum per creator, the currency paid, whether each run needs approval, the tax-form rule and the saved payment method. Defaults when never set: manual runs, no minimum, approval required. `currency` is always the currency Rekomi's Stripe platform account settles in (USD for a US platform), even when the brand's default currency differs: runs are charged and paid in it.",
  response: { status: 200, schema: PayoutPolicy, description: "The policy." },
  handler: (ctx) => ctx.run((tx) => policyOf(ctx, tx)),
});

export const updatePayoutPolicyOperation = brandOperation({
  id: "updatePayoutPolicy",
  permission: "payouts.manage",
  method: "patch",
  path: "/payout-policy",
  tags,
  summary: "Change the payout policy",
  description: "Any subset of the fields. `weekday` goes with `weekly` schedules and `month_day` with `monthly` ones; `next_run_at` is recomputed (00:00 UTC of the next such day).",
  request: { body: UpdatePayoutPolicy },
  response: { status: 200, schema: PayoutPolicy, description: "The policy as it now is." },
  handler: (ctx, { body }) =>
    ctx.run(async (tx) => {
      const { changed } = await updatePolicy(tx, ctx.brandId, ctx.config.STRIPE_PLATFORM_COUNTRY, body);
      if (Object.keys(changed).length > 0) await ctx.audit(tx, { action: "payout_policy.updated", target: { type: "payout_policy", id: ctx.brandId }, metadata: { changed } });
      return policyOf(ctx, tx);
    }),
});

export const listPayoutRunsOperation = brandOperation({
  id: "listPayoutRuns",
  permission: "payouts.view",
  method: "get",
  path: "/payout-runs",
  tags,
  summary: "List payout runs",
  description: "Newest first, without their items.",
  request: { query: PayoutRunListQuery },
  response: { status: 200, schema: pageSchema(PayoutRun), description: "A page of runs." },
  async handler(ctx, { query: { limit, cursor, status } }) {
    const rows = await ctx.run((tx) => listRuns(tx, { status, limit, before: decodeCursor(cursor) }));
    return toPage(rows, limit, (r) => serializeRun(r));
  },
});

export const createPayoutRunOperation = brandOperation({
  id: "createPayoutRun",
  permission: "payouts.manage",
  method: "post",
  path: "/payout-runs",
  tags,
  summary: "Open a payout run (preview)",
  description:
    "Nets each creator's approved commissions in the policy's currency into one line, and reserves the commissions of the lines to pay; lines that wait (below the minimum, no payout account, tax form missing…) are listed as `skipped`. Nothing is charged until the run is approved. An existing draft is replaced.",
  response: { status: 201, schema: PayoutRun, description: "The draft run with its items." },
  errors: { 409: "A run is charging, transferring or failed: finish, retry or cancel it first." },
  handler: (ctx) =>
    ctx.run(async (tx) => {
      const runId = (await openRun(tx, ctx.brandId, { trigger: "manual", createdBy: actorName(ctx), platformCountry: ctx.config.STRIPE_PLATFORM_COUNTRY }))!;
      await ctx.audit(tx, { action: "payout_run.created", target: runTarget(runId) });
      return runBody(tx, runId);
    }),
});

export const getPayoutRunOperation = brandOperation({
  id: "getPayoutRun",
  permission: "payouts.view",
  method: "get",
  path: "/payout-runs/{runId}",
  tags,
  summary: "Get a payout run with its items",
  request: { params: runParams },
  response: { status: 200, schema: PayoutRun, description: "The run." },
  handler: (ctx, { params: { runId } }) => ctx.run((tx) => runBody(tx, runId)),
});

export const approvePayoutRunOperation = brandOperation({
  id: "approvePayoutRun",
  permission: "payouts.manage",
  method: "post",
  path: "/payout-runs/{runId}/approve",
  tags,
  summary: "Approve a payout run",
  description: "Charges the brand's saved payment method the transfers plus Stripe's fee, then transfers each creator's line from that charge. Send `Idempotency-Key` to make retries safe.",
  request: { params: runParams },
  response: { status: 200, schema: PayoutRun, description: "The run, now `charging`." },
  errors: { 409: "Not a draft, nothing to transfer, or no saved payment method (`param` = `payment_method`)." },
  handler: (ctx, { params: { runId } }) => decide(ctx, runId, "approve"),
});

export const retryPayoutRunOperation = brandOperation({
  id: "retryPayoutRun",
  permission: "payouts.manage",
  method: "post",
  path: "/payout-runs/{runId}/retry",
  tags,
  summary: "Retry a failed payout run's charge",
  description: "Charges again with the payment method saved now (update it first if it was declined).",
  request: { params: runParams },
  response: { status: 200, schema: PayoutRun, description: "The run, now `charging`." },
  errors: { 409: "Not failed, or no saved payment method." },
  handler: (ctx, { params: { runId } }) => decide(ctx, runId, "retry"),
});

export const cancelPayoutRunOperation = brandOperation({
  id: "cancelPayoutRun",
  permission: "payouts.manage",
  method: "post",
  path: "/payout-runs/{runId}/cancel",
  tags,
  summary: "Cancel a payout run",
  description: "Discards a draft or failed run before any money moved; its commissions are free for a later run.",
  request: { params: runParams },
  response: { status: 200, schema: PayoutRun, description: "The run, now `canceled`." },
  errors: { 409: "The run's money is moving or it is done." },
  handler: (ctx, { params: { runId } }) => decide(ctx, runId, "cancel"),
});

/** Approve, retry and cancel: one transaction with its audit record, then the after-commit sends. */
async function decide(ctx: OperationContext, runId: string, action: "approve" | "retry" | "cancel"): Promise<PayoutRun> {
  let deliveries: string[] = [];
  let advance = false;
  const body = await ctx.run(async (tx) => {
    if (action === "cancel") {
      let changed: boolean;
      ({ changed, deliveries } = await cancelRun(tx, ctx.brandId, runId));
      if (changed) await ctx.audit(tx, { action: "payout_run.canceled", target: runTarget(runId) });
    } else {
      ({ deliveries } = await approveRun(tx, ctx.brandId, runId, { approvedBy: actorName(ctx), retry: action === "retry", platformCountry: ctx.config.STRIPE_PLATFORM_COUNTRY }));
      advance = true;
      await ctx.audit(tx, { action: action === "retry" ? "payout_run.retried" : "payout_run.approved", target: runTarget(runId) });
    }
    return runBody(tx, runId);
  });
  // Only when this request made the change (an Idempotency-Key replay does not run the effect).
  if (advance) await queueAdvance(ctx.config, ctx.brandId, runId);
  enqueueAfterCommit(ctx, ctx.config.WEBHOOKS, ctx.brandId, deliveries);
  return body;
}

export const listPayoutsOperation = brandOperation({
  id: "listPayouts",
  permission: "payouts.view",
  method: "get",
  path: "/payouts",
  tags,
  summary: "List payouts",
  description: "One line per creator per run, newest first, with the commissions each nets.",
  request: { query: PayoutListQuery },
  response: { status: 200, schema: pageSchema(Payout), description: "A page of payouts." },
  async handler(ctx, { query: { limit, cursor, run_id, affiliate_id, status } }) {
    const rows = await ctx.run((tx) => listPayouts(tx, { runId: run_id, affiliateId: affiliate_id, status }, { limit, before: decodeCursor(cursor) }));
    return toPage(rows, limit, serializePayout);
  },
});

export const getPayoutOperation = brandOperation({
  id: "getPayout",
  permission: "payouts.view",
  method: "get",
  path: "/payouts/{payoutId}",
  tags,
  summary: "Get a payout",
  request: { params: idParams({ payoutId: "po" }) },
  response: { status: 200, schema: Payout, description: "The payout." },
  handler: (ctx, { params: { payoutId } }) =>
    ctx.run(async (tx) => {
      const row = await findPayout(tx, payoutId);
      if (!row) throw new DomainError("not_found", `No payout ${payoutId}.`, { param: "payoutId" });
      return serializePayout(row);
    }),
});

export const payoutOperations = [
  getPayoutPolicyOperation,
  updatePayoutPolicyOperation,
  listPayoutRunsOperation,
  createPayoutRunOperation,
  getPayoutRunOperation,
  approvePayoutRunOperation,
  retryPayoutRunOperation,
  cancelPayoutRunOperation,
  listPayoutsOperation,
  getPayoutOperation,
];
