import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { expect } from "vitest";
import { approveDueCommissions } from "../../../src/commissions/approval-job";
import { stripeClient } from "../../../src/gateway-connections/remote/stripe";
import { withBrand, withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { PayoutMessage, PlatformStripeEvent } from "../../../src/infra/queues/messages";
import type { Scenario, Step } from "../../support/payouts-model/ops";
import { call, createAffiliate, createBrand, enroll, usingDb, type BrandFixture } from "./fixtures";
import { Pipeline, clickAt, consume, createS2sKey, daysAgo, signedInit } from "./tracking";

/**
 * Drives the money proof's steps through Rekomi's real doors, end to end: signed S2S events
 * through the edge into the events consumer, the approval job, the payouts API
 * (/notes/payouts-api.md: POST /v1/payout-runs, /approve, /retry, /cancel, GET runs and
 * payouts), the `rekomi-payouts` queue consumer for run steps and Stripe events, and the Stripe
 * stand-in (its SDK API and its `/_stand-in/control` helpers); payouts-readback.ts reads the
 * result back. Everything the payouts branches provide is reached in these two files only, so
 * names are fixed at merge in one place:
 *
 * - `handleQueue` (src/infra/jobs/index.ts) routes queue `rekomi-payouts` to
 *   `consumePayoutMessages` (src/payouts/events/consumer.ts), which runs `advanceRun` for
 *   `{ v: 1, kind: "advance_run", brand, run }` and the Stripe handlers for
 *   `{ v: 1, kind: "stripe_event", event }` (including `transfer.reversed`);
 * - the payouts API of payouts-api.md on /v1 with the brand's API key;
 * - payout_policies / payout_accounts as in src/infra/db/schema/payouts.ts (written here
 *   directly, as the Checkout confirm and onboarding flows would leave them).
 */

export const CURRENCY = "USD";
/** Rekomi's platform key in tests (vitest.config.ts binds STRIPE_SECRET_KEY; test/env.d.ts does not type it). */
const PLATFORM_KEY = (env as unknown as { STRIPE_SECRET_KEY: string }).STRIPE_SECRET_KEY;
const PAYMENT_METHOD = { id: "pm_card_visa", type: "card" as const, label: "Visa", last4: "4242" };

export interface ApiPayout {
  id: string;
  affiliate_id: string;
  status: "skipped" | "pending" | "paid" | "failed" | "reversed";
  skip_reason: string | null;
  amount: number;
  transfer_id: string | null;
  source_transaction: string | null;
  transfer_group: string;
}

export interface ApiRun {
  id: string;
  status: "draft" | "charging" | "transferring" | "completed" | "failed" | "canceled";
  attempt: number;
  transfer_amount: number;
  fee_amount: number;
  charge_amount: number;
  refunded_amount: number;
  payment_intent_id: string | null;
  charge_id: string | null;
  transfer_group: string;
  items?: ApiPayout[];
}

async function control(action: string, body: unknown): Promise<void> {
  const res = await fetch(`${env.STRIPE_API_URL}/_stand-in/control/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** A brand selling through a percentage campaign (20 %, hold 0 days, so the approval job approves at once), reused by several sequences. */
export class PayoutsBrand {
  private constructor(
    readonly brand: BrandFixture,
    readonly key: { keyId: string; secret: string },
    readonly stripe: Stripe,
  ) {}

  static readonly RATE_BPS = 2_000;

  static async create(): Promise<PayoutsBrand> {
    const brand = await createBrand("Payouts proof brand");
    await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.update(schema.campaigns).set({ holdDays: 0 }).where(eq(schema.campaigns.id, brand.campaignId))));
    return new PayoutsBrand(brand, await createS2sKey(brand), await stripeClient(env.STRIPE_API_URL, PLATFORM_KEY));
  }

  /** A fresh world for one sequence: new creators (onboarded unless `accountless`), a new Stripe customer and the policy's minimum. */
  async sequence(scenario: Scenario): Promise<PayoutsSequence> {
    // Side by side: a sequence's setup is most of its time.
    const [customer, ...creators] = await Promise.all([
      this.stripe.customers.create({ description: "payouts proof" }).then((c) => c.id),
      ...Array.from({ length: scenario.creators }, (_, i) => this.creator(i, !scenario.accountless.includes(i))),
    ]);
    const policy = { stripeCustomerId: customer, paymentMethod: PAYMENT_METHOD, minimumAmount: scenario.minimum, currency: CURRENCY, schedule: "manual" as const, requiresApproval: true };
    await usingDb((db) =>
      withBrand(db, this.brand.brandId, (tx) => tx.insert(schema.payoutPolicies).values({ brandId: this.brand.brandId, ...policy }).onConflictDoUpdate({ target: schema.payoutPolicies.brandId, set: policy })),
    );
    return new PayoutsSequence(this, creators as Creator[], customer as string);
  }

  private async creator(i: number, onboarded: boolean): Promise<Creator> {
    const { affiliateId } = await createAffiliate({ name: `Proof creator ${i}` });
    const { linkId } = await enroll(this.brand, affiliateId);
    if (!onboarded) return { affiliateId, linkId, account: null };
    const account = (await this.stripe.accounts.create({ type: "express", country: "US", capabilities: { transfers: { requested: true } } })).id;
    await control("complete-onboarding", { account });
    await usingDb((db) =>
      withPrincipal(db, { kind: "affiliate", affiliateId }, (tx) =>
        tx.insert(schema.payoutAccounts).values({ affiliateId, stripeAccountId: account, country: "US", detailsSubmitted: true, transfersActive: true, payoutsEnabled: true }),
      ),
    );
    return { affiliateId, linkId, account };
  }
}

export interface Creator {
  affiliateId: string;
  linkId: string;
  account: string | null;
}

export class PayoutsSequence {
  private readonly pipe = new Pipeline();
  private readonly sent = new Map<string, { type: "sale" | "refund" | "dispute"; body: Record<string, unknown> }>();
  private readonly customers = new Set<string>();
  /** Runs this sequence approved, in order. */
  readonly runIds: string[] = [];

  constructor(
    readonly world: PayoutsBrand,
    readonly creators: Creator[],
    readonly customer: string,
  ) {}

  private get key() {
    return this.world.brand.apiKey;
  }

  async apply(step: Step): Promise<void> {
    switch (step.t) {
      case "sale": {
        const first = !this.customers.has(step.customer);
        this.customers.add(step.customer);
        const click = first ? { click_id: await clickAt(this.creators[step.creator]!.linkId, daysAgo(1)) } : {};
        return this.send(step.id, "sale", { customer_external_id: step.customer, ...click, amount: step.amount, currency: CURRENCY, invoice_id: step.invoice });
      }
      case "refund":
        return this.send(step.id, "refund", { invoice_id: step.invoice, refund_id: step.id, amount: step.amount, currency: CURRENCY });
      case "dispute":
        return this.send(step.id, "dispute", { dispute_id: step.dispute, phase: step.phase, invoice_id: step.invoice, amount: step.amount, currency: CURRENCY });
      case "replay": {
        const { type, body } = this.sent.get(step.id)!;
        return this.send(step.id, type, body);
      }
      case "approveDue":
        await usingDb((db) => approveDueCommissions({ WEBHOOKS: env.WEBHOOKS }, db));
        return;
      case "failNextCharge":
        return control("fail-next", { kind: "charge", failure: { customer: this.customer } });
      case "failNextTransfer": {
        // Without an account the creator is never transferred to: the failure could never apply.
        const destination = this.creators[step.creator]!.account;
        if (destination) await control("fail-next", { kind: "transfer", failure: { destination } });
        return;
      }
      case "run":
        return this.run();
      case "retry":
        return this.retry();
      case "reverse":
        return this.reverse(step.creator, step.latest);
    }
  }

  /** One signed S2S event through the edge, recorded by the events consumer (a replay reuses the webhook id and body). */
  private async send(id: string, type: "sale" | "refund" | "dispute", body: Record<string, unknown>): Promise<void> {
    this.sent.set(id, { type, body });
    const res = await this.pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, { ...this.world.key, webhookId: id }));
    expect(res.status, await res.clone().text()).toBe(202);
    const drained = await this.pipe.drain();
    expect(drained.events?.retryMessages ?? [], "the events consumer retried").toEqual([]);
  }

  private async openRun(): Promise<ApiRun | undefined> {
    for (const status of ["draft", "failed", "charging", "transferring"]) {
      const res = await call(`/v1/payout-runs?status=${status}&limit=1`, { key: this.key });
      expect(res.status, await res.clone().text()).toBe(200);
      const [run] = (await res.json<{ data: ApiRun[] }>()).data;
      if (run) return run;
    }
    return undefined;
  }

  async getRun(id: string): Promise<ApiRun> {
    const res = await call(`/v1/payout-runs/${id}`, { key: this.key });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json<ApiRun>();
  }

  /** Opens the preview and approves it, then moves its money as the queue would. */
  private async run(): Promise<void> {
    const created = await call("/v1/payout-runs", { method: "POST", key: this.key, json: {} });
    if (created.status === 409) return; // a failed run is open: it waits for its retry
    expect(created.status, await created.clone().text()).toBe(201);
    const run = await created.json<ApiRun>();
    const approved = await call(`/v1/payout-runs/${run.id}/approve`, { method: "POST", key: this.key, json: {} });
    if (run.transfer_amount === 0) {
      expect(approved.status, "a run with nothing to transfer cannot be approved").toBe(409);
      return;
    }
    expect(approved.status, await approved.clone().text()).toBe(200);
    this.runIds.push(run.id);
    await this.advance(run.id);
  }

  private async retry(): Promise<void> {
    const open = await this.openRun();
    if (open?.status !== "failed") return;
    const res = await call(`/v1/payout-runs/${open.id}/retry`, { method: "POST", key: this.key, json: {} });
    expect(res.status, await res.clone().text()).toBe(200);
    await this.advance(open.id);
  }

  private async deliver(messages: PayoutMessage[]): Promise<void> {
    const result = await consume("rekomi-payouts", messages);
    expect(result.retryMessages, "the payouts consumer retried").toEqual([]);
  }

  /** `advance_run` until the run rests (completed or failed), as the queue and the sweeper would. */
  private async advance(runId: string): Promise<void> {
    const brand = this.world.brand.brandId;
    for (let i = 0; i < 6; i++) {
      await this.deliver([{ v: 1, kind: "advance_run", brand, run: runId }]);
      const run = await this.getRun(runId);
      if (run.status === "completed" || run.status === "failed") return;
    }
    throw new Error(`run ${runId} is still moving after 6 advance_run messages`);
  }

  /** One of the creator's paid transfers of this sequence is reversed at Stripe; its event reaches the payouts consumer (twice: at least once). */
  private async reverse(creator: number, latest: number): Promise<void> {
    const affiliateId = this.creators[creator]!.affiliateId;
    const all: ApiPayout[] = [];
    for (const id of this.runIds) all.push(...(await this.getRun(id)).items!.filter((p) => p.affiliate_id === affiliateId && p.status === "paid"));
    if (all.length === 0) return;
    const paid = all[all.length - 1 - (latest % all.length)]!;
    await this.world.stripe.transfers.createReversal(paid.transfer_id!);
    const events = (await (await fetch(`${env.STRIPE_API_URL}/_stand-in/control/events`)).json()) as Stripe.Event[];
    const reversed = events.findLast((e) => e.type === "transfer.reversed" && (e.data.object as Stripe.Transfer).id === paid.transfer_id)!;
    const event: PlatformStripeEvent = {
      id: reversed.id,
      type: reversed.type,
      account: reversed.account ?? null,
      livemode: reversed.livemode,
      created: reversed.created,
      object: reversed.data.object as unknown as Record<string, unknown>,
      ...(reversed.data.previous_attributes ? { previous: reversed.data.previous_attributes as Record<string, unknown> } : {}),
      receivedAt: Date.now(),
    };
    await this.deliver([{ v: 1, kind: "stripe_event", event }]);
    await this.deliver([{ v: 1, kind: "stripe_event", event }]);
  }

  /** Leaves the brand ready for the next sequence: no open run, and these creators can no longer be paid (their lines are skipped). */
  async retire(): Promise<void> {
    const open = await this.openRun();
    if (open) {
      const res = await call(`/v1/payout-runs/${open.id}/cancel`, { method: "POST", key: this.key, json: {} });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    for (const c of this.creators.filter((c) => c.account)) {
      await usingDb((db) => withPrincipal(db, { kind: "affiliate", affiliateId: c.affiliateId }, (tx) => tx.update(schema.payoutAccounts).set({ transfersActive: false }).where(eq(schema.payoutAccounts.affiliateId, c.affiliateId))));
    }
  }
}
