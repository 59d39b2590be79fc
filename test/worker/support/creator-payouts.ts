import { env } from "cloudflare:workers";
import { newId } from "../../../src/infra/ids";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { PlatformStripeEvent } from "../../../src/infra/queues/messages";
import { recordCommission, usingDb, type Browser } from "./fixtures";

/** Creator payouts tests: the stand-in through its control API, money records written as their brand. */

export interface StripeRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  account: string | null;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
}

export async function stripeRequests(): Promise<StripeRequest[]> {
  return (await fetch(`${env.STRIPE_API_URL}/_stand-in/control/requests`)).json();
}

/** Account creations at the stand-in made for this creator (`metadata.rekomi_affiliate`). */
export async function accountCreations(affiliateId: string): Promise<StripeRequest[]> {
  return (await stripeRequests()).filter((r) => r.method === "POST" && r.path === "/v1/accounts" && (r.params.metadata as Record<string, string> | undefined)?.rekomi_affiliate === affiliateId);
}

export async function control(action: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${env.STRIPE_API_URL}/_stand-in/control/${action}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`stand-in ${action}: ${res.status} ${await res.text()}`);
  return res.json();
}

interface StandInEvent {
  id: string;
  type: string;
  account?: string;
  livemode: boolean;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

/** The stand-in's newest event of `type` for a connected account, as the edge queues it. */
export async function queuedEvent(type: string, account: string): Promise<PlatformStripeEvent> {
  const events = (await (await fetch(`${env.STRIPE_API_URL}/_stand-in/control/events`)).json()) as StandInEvent[];
  const event = events.filter((e) => e.type === type && e.account === account).at(-1);
  if (!event) throw new Error(`no ${type} event for ${account}`);
  return {
    id: event.id,
    type: event.type,
    account: event.account ?? null,
    livemode: event.livemode,
    created: event.created,
    object: event.data.object,
    ...(event.data.previous_attributes ? { previous: event.data.previous_attributes } : {}),
    receivedAt: Date.now(),
  };
}

export async function onboard(browser: Browser, country = "US"): Promise<{ url: string; accountId: string }> {
  const res = await browser.post("/api/creator/payouts/account", { country });
  if (res.status !== 200) throw new Error(`onboarding failed: ${res.status} ${await res.text()}`);
  const { url } = await res.json<{ url: string }>();
  const account = await (await browser.get("/api/creator/payouts/account")).json<{ stripe_account_id: string }>();
  return { url, accountId: account.stripe_account_id };
}

/** A payout id as the runs write them (`po_` + a time-sortable body). */
const payoutId = () => `po_${newId("commission").slice(4)}`;
const runId = () => `prun_${newId("commission").slice(4)}`;
const pause = () => new Promise((r) => setTimeout(r, 3));

/** A payout run of the brand with one payout per line, written as the brand. */
export async function payoutRun(
  brandId: string,
  status: schema.PayoutRunStatus,
  lines: { affiliateId: string; status: schema.PayoutStatus; amount: number; currency?: string; skipReason?: schema.PayoutSkipReason }[],
): Promise<string[]> {
  const run = runId();
  const ids: string[] = [];
  await usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, async (tx) => {
      // Every status but a preview (draft) has been approved once.
      const approved = status === "draft" ? {} : { attempt: 1, approvedAt: new Date(), approvedBy: "usr_fixture" };
      await tx.insert(schema.payoutRuns).values({ id: run, brandId, status, trigger: "manual", currency: lines[0]?.currency ?? "USD", transferGroup: run, ...approved });
      for (const line of lines) {
        await pause();
        const id = payoutId();
        const paid = line.status === "paid";
        await tx.insert(schema.payouts).values({
          id,
          runId: run,
          brandId,
          affiliateId: line.affiliateId,
          status: line.status,
          skipReason: line.skipReason ?? null,
          amount: line.amount,
          currency: line.currency ?? "USD",
          transferGroup: run,
          ...(paid ? { transferId: `tr_${id.slice(3)}`, paidAt: new Date(), stripeAccountId: "acct_test" } : {}),
        });
        ids.push(id);
      }
    }),
  );
  return ids;
}

export interface CommissionInput {
  kind?: schema.CommissionKind;
  amount: number;
  currency?: string;
  status: schema.CommissionStatus;
  payoutId?: string;
  reversesId?: string;
  livemode?: boolean;
}

/** A commission (with the event and conversion behind it) on an enrollment, its hold passed. */
export function commission(brandId: string, enrollment: { id: string; campaignId: string; affiliateId: string }, input: CommissionInput): Promise<string> {
  return recordCommission(brandId, enrollment, { ...input, holdUntil: new Date() });
}
