import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandIn, type StripeStandIn } from "../../../scripts/local/stand-ins/stripe";
import { failure, stripeClient } from "../../support/stripe-stand-in";

/** What the payouts money mover asks of the stand-in: confirm an intent, list a transfer group, refused refunds and reversals. */
let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = stripeClient(standIn);
});
afterAll(async () => {
  await standIn.stop();
});

async function customerWithCard(): Promise<{ customer: string; paymentMethod: string }> {
  const customer = await stripe.customers.create({ email: "brand@example.com" });
  const setup = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ["card"], usage: "off_session" });
  const paymentMethod = (await stripe.setupIntents.confirm(setup.id, { payment_method: "pm_card_visa" })).payment_method as string;
  return { customer: customer.id, paymentMethod };
}

async function onboardedCreator(): Promise<string> {
  const account = await stripe.accounts.create({ type: "express", country: "US", capabilities: { transfers: { requested: true } } });
  return standIn.completeOnboarding(account.id).id;
}

describe("Stripe stand-in: what payouts ask", () => {
  it("creates a PaymentIntent unconfirmed (expanding its null charge to null) and confirms it off session once", async () => {
    const { customer, paymentMethod } = await customerWithCard();
    const created = await stripe.paymentIntents.create({ amount: 1_000, currency: "usd", customer, payment_method: paymentMethod, expand: ["latest_charge.balance_transaction"] });
    expect(created).toMatchObject({ status: "requires_confirmation", latest_charge: null });
    const confirmed = await stripe.paymentIntents.confirm(created.id, { payment_method: paymentMethod, off_session: true, expand: ["latest_charge.balance_transaction"] });
    expect(confirmed).toMatchObject({ status: "succeeded", latest_charge: { balance_transaction: { fee: 59, currency: "usd" } } });
    const again = await failure(stripe.paymentIntents.confirm(created.id, { payment_method: paymentMethod, off_session: true }));
    expect(again).toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
  });

  it("lists transfers by transfer_group, newest first, paged", async () => {
    const destination = await onboardedCreator();
    const { customer, paymentMethod } = await customerWithCard();
    const intent = await stripe.paymentIntents.create({ amount: 10_000, currency: "usd", customer, payment_method: paymentMethod, confirm: true, off_session: true, transfer_group: "grp_a" });
    const source = intent.latest_charge as string;
    const first = await stripe.transfers.create({ amount: 100, currency: "usd", destination, source_transaction: source, transfer_group: "grp_a" });
    await stripe.transfers.create({ amount: 100, currency: "usd", destination, source_transaction: source, transfer_group: "grp_b" });
    const second = await stripe.transfers.create({ amount: 100, currency: "usd", destination, source_transaction: source, transfer_group: "grp_a" });
    const page = await stripe.transfers.list({ transfer_group: "grp_a", limit: 1 });
    expect(page).toMatchObject({ object: "list", has_more: true, url: "/v1/transfers" });
    expect(page.data.map((t) => t.id)).toEqual([second.id]);
    const all = await stripe.transfers.list({ transfer_group: "grp_a", limit: 100 }).autoPagingToArray({ limit: 10 });
    expect(all.map((t) => t.id)).toEqual([second.id, first.id]);
  });

  it("refuses the next matching refund and reversal when asked (failNext), then allows them", async () => {
    const destination = await onboardedCreator();
    const { customer, paymentMethod } = await customerWithCard();
    const intent = await stripe.paymentIntents.create({ amount: 5_000, currency: "usd", customer, payment_method: paymentMethod, confirm: true, off_session: true });
    const charge = intent.latest_charge as string;
    standIn.failNext("refund", { customer });
    expect(await failure(stripe.refunds.create({ charge, amount: 100 }))).toMatchObject({ statusCode: 400, code: "charge_disputed" });
    expect(await stripe.refunds.create({ charge, amount: 100 })).toMatchObject({ status: "succeeded", amount: 100 });

    const transfer = await stripe.transfers.create({ amount: 1_000, currency: "usd", destination, source_transaction: charge });
    standIn.failNext("reversal", { transfer: transfer.id });
    expect(await failure(stripe.transfers.createReversal(transfer.id, { amount: 500 }))).toMatchObject({ statusCode: 400, code: "balance_insufficient" });
    expect(await stripe.transfers.createReversal(transfer.id, { amount: 500 })).toMatchObject({ amount: 500 });
  });
});
