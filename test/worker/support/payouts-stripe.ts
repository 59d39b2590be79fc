/** Payout fixtures that move real money at the Stripe stand-in: a brand with a saved method at the platform, onboarded creators, approved runs, and what Stripe recorded. */
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { expect } from "vitest";
import { appConfig } from "../../../src/infra/app/config";
import { randomBase62 } from "../../../src/infra/crypto";
import { withBrand, withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { PayoutMessage } from "../../../src/infra/queues/messages";
import { advanceRun } from "../../../src/payouts/execute/advance";
import { chargeFor } from "../../../src/payouts/fees";
import { platformStripe } from "../../../src/payouts/platform";
import { addMemberDirectly, createAffiliate, createBrand, enroll, recordCommission, signedUpUser, usingDb, type BrandFixture } from "./fixtures";

/**
 * Payout runs as the runs API leaves them at approval (status `charging`, attempt 1, the
 * method fixed, pending payouts with their reserved commissions), written directly because
 * that API is another part; the brand's Customer, saved card and the creators' Express
 * accounts are made at the Stripe stand-in through the official SDK, as onboarding does.
 */

export const config = () => appConfig(env);
export const platform = (): Promise<Stripe> => platformStripe(config());

export interface StandInRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
}

export async function standInRequests(): Promise<StandInRequest[]> {
  return (await fetch(`${env.STRIPE_API_URL}/_stand-in/control/requests`)).json();
}

async function control(action: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${env.STRIPE_API_URL}/_stand-in/control/${action}`, { method: "POST", body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

export const failNextCharge = (customer: string) => control("fail-next", { kind: "charge", failure: { customer, declineCode: "insufficient_funds" } });
export const failNextTransfer = (destination: string) => control("fail-next", { kind: "transfer", failure: { destination, code: "account_closed", message: "The destination account is closed." } });
/** The next refund of a charge of this customer is refused (400 `charge_disputed`). */
export const failNextRefund = (customer: string) => control("fail-next", { kind: "refund", failure: { customer } });
/** The next paid charge of this customer settles in `currency` at `rate` (a currency the platform does not settle in). */
export const settleNextChargeIn = (customer: string, currency: string, rate: number) => control("fail-next", { kind: "conversion", failure: { customer, currency, rate } });
/** The next reversal of this transfer is refused (400 `balance_insufficient`: the creator's balance is spent). */
export const failNextReversal = (transfer: string) => control("fail-next", { kind: "reversal", failure: { transfer } });

export interface PayingBrand {
  brand: BrandFixture;
  customer: string;
  paymentMethod: string;
  ownerEmail: string;
}

/**
 * A brand with an owner, a payout policy and a method saved at the platform: a card
 * (SetupIntent with pm_card_visa), or a US bank account through Checkout in setup mode.
 */
export async function payingBrand(method: "card" | "us_bank_account" = "card"): Promise<PayingBrand> {
  const brand = await createBrand("Payout brand");
  const owner = await signedUpUser();
  await addMemberDirectly(brand.brandId, owner.userId, "owner");
  const stripe = await platform();
  const customer = await stripe.customers.create({ name: "Payout brand", metadata: { rekomi_brand: brand.brandId } });
  let paymentMethod: string;
  if (method === "card") {
    const setup = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ["card"], usage: "off_session" });
    paymentMethod = (await stripe.setupIntents.confirm(setup.id, { payment_method: "pm_card_visa" })).payment_method as string;
  } else {
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", allowed_payment_method_types: [method], success_url: "http://localhost/done" });
    await control("complete-checkout", { session: session.id, payment_method: method });
    paymentMethod = (await stripe.paymentMethods.list({ customer: customer.id })).data[0]!.id;
  }
  await usingDb((db) =>
    withBrand(db, brand.brandId, (tx) =>
      tx.insert(schema.payoutPolicies).values({ brandId: brand.brandId, stripeCustomerId: customer.id, paymentMethod: { id: paymentMethod, type: method, label: method === "card" ? "Visa" : "STRIPE TEST BANK", last4: method === "card" ? "4242" : "6789" } }),
    ),
  );
  return { brand, customer: customer.id, paymentMethod, ownerEmail: owner.email };
}

export interface PaidCreator {
  affiliateId: string;
  account: string;
  commissionIds: string[];
}

/** A creator of the brand's campaign with an onboarded Express account and `commissions` approved 10.00 USD commissions. */
export async function creatorOwed(brand: BrandFixture, commissions: number): Promise<PaidCreator> {
  const { affiliateId } = await createAffiliate();
  const { enrollmentId } = await enroll(brand, affiliateId);
  const stripe = await platform();
  const account = await stripe.accounts.create({ type: "express", country: "US", capabilities: { transfers: { requested: true } } });
  await control("complete-onboarding", { account: account.id });
  await usingDb((db) =>
    withPrincipal(db, { kind: "affiliate", affiliateId }, (tx) =>
      tx.insert(schema.payoutAccounts).values({ affiliateId, stripeAccountId: account.id, country: "US", detailsSubmitted: true, transfersActive: true, payoutsEnabled: true }),
    ),
  );
  const commissionIds: string[] = [];
  for (let i = 0; i < commissions; i++) commissionIds.push(await recordCommission(brand.brandId, { id: enrollmentId, campaignId: brand.campaignId, affiliateId }));
  await usingDb((db) =>
    withBrand(db, brand.brandId, (tx) => tx.update(schema.commissions).set({ status: "approved", approvedAt: new Date() }).where(inArray(schema.commissions.id, commissionIds))),
  );
  return { affiliateId, account: account.id, commissionIds };
}

export interface ApprovedRun {
  runId: string;
  payoutIds: Record<string, string>;
  charge: number;
  transfers: number;
}

/**
 * A run approved for these creators: one pending payout each netting its commissions, which
 * are reserved (payout_id), 1,000 minor units of `currency` per commission. `estimate`: the
 * method the charge and fee were estimated for.
 */
export async function approvedRun(b: PayingBrand, creators: PaidCreator[], estimate: "card" | "us_bank_account" = "card", currency = "USD"): Promise<ApprovedRun> {
  const runId = `prun_${randomBase62(16).toLowerCase()}`;
  const lines = creators.map((c) => ({ creator: c, payoutId: `po_${randomBase62(16).toLowerCase()}`, amount: c.commissionIds.length * 1_000 }));
  const transfers = lines.reduce((sum, l) => sum + l.amount, 0);
  const { charge, fee } = chargeFor(transfers, estimate);
  await usingDb((db) =>
    withBrand(db, b.brand.brandId, async (tx) => {
      await tx.insert(schema.payoutRuns).values({
        id: runId,
        brandId: b.brand.brandId,
        status: "charging",
        trigger: "manual",
        currency,
        transferAmount: transfers,
        feeAmount: fee,
        chargeAmount: charge,
        paymentMethodId: b.paymentMethod,
        attempt: 1,
        transferGroup: runId,
        approvedAt: new Date(),
      });
      for (const l of lines) {
        await tx.insert(schema.payouts).values({ id: l.payoutId, runId, brandId: b.brand.brandId, affiliateId: l.creator.affiliateId, status: "pending", amount: l.amount, currency, stripeAccountId: l.creator.account, transferGroup: runId });
        await tx.insert(schema.payoutCommissions).values(l.creator.commissionIds.map((commissionId) => ({ payoutId: l.payoutId, commissionId, brandId: b.brand.brandId, amount: 1_000 })));
        await tx.update(schema.commissions).set({ payoutId: l.payoutId }).where(inArray(schema.commissions.id, l.creator.commissionIds));
      }
    }),
  );
  return { runId, payoutIds: Object.fromEntries(lines.map((l) => [l.creator.affiliateId, l.payoutId])), charge, transfers };
}

export const advance = (b: PayingBrand, runId: string) => usingDb((db) => advanceRun(config(), db, b.brand.brandId, runId));

export async function runRow(b: PayingBrand, runId: string) {
  const [run] = await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.select().from(schema.payoutRuns).where(eq(schema.payoutRuns.id, runId))));
  return run!;
}

export async function payoutRows(b: PayingBrand, runId: string) {
  return usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.select().from(schema.payouts).where(eq(schema.payouts.runId, runId))));
}

export async function commissionRowsOf(b: PayingBrand, ids: string[]) {
  return usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.select().from(schema.commissions).where(inArray(schema.commissions.id, ids))));
}

/** Requests the stand-in executed (not replays) with one of these idempotency keys. */
export async function executedWith(keys: string[]): Promise<StandInRequest[]> {
  return (await standInRequests()).filter((r) => r.idempotencyKey !== null && keys.includes(r.idempotencyKey) && !r.replayed);
}

/**
 * The money at Stripe for a run's charge: what was charged, Stripe's fee, what was refunded,
 * and the transfers from it that stand (less reversals).
 */
export async function moneyAtStripe(chargeId: string, transferIds: string[]) {
  const stripe = await platform();
  const charge = await stripe.charges.retrieve(chargeId, { expand: ["balance_transaction"] });
  const transfers = await Promise.all(transferIds.map((id) => stripe.transfers.retrieve(id)));
  return {
    charged: charge.amount,
    fee: (charge.balance_transaction as Stripe.BalanceTransaction).fee,
    refunded: charge.amount_refunded,
    transferred: transfers.reduce((sum, t) => sum + t.amount, 0),
    standing: transfers.reduce((sum, t) => sum + t.amount - t.amount_reversed, 0),
    transfers,
  };
}

/** The stand-in's recorded events (Stripe.Event shapes), oldest first. */
export async function standInEvents(): Promise<Stripe.Event[]> {
  return (await fetch(`${env.STRIPE_API_URL}/_stand-in/control/events`)).json();
}

/** A Stripe event as the edge queues it (src/payouts/receive). */
export function queuedEvent(event: Stripe.Event): PayoutMessage {
  const data = event.data as { object: unknown; previous_attributes?: Record<string, unknown> };
  return {
    v: 1,
    kind: "stripe_event",
    event: {
      id: event.id,
      type: event.type,
      account: event.account ?? null,
      livemode: event.livemode,
      created: event.created,
      object: data.object as Record<string, unknown>,
      ...(data.previous_attributes ? { previous: data.previous_attributes } : {}),
      receivedAt: Date.now(),
    },
  };
}
