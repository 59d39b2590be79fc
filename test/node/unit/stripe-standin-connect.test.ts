import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandIn, type StripeStandIn } from "../../../scripts/local/stand-ins/stripe";
import { failure, stripeClient } from "../../support/stripe-stand-in";
import { received, startWebhookSink } from "../../support/webhook-sink";

const CONNECT_SECRET = "whsec_connect_test_secret_0123456789";

let standIn: StripeStandIn;
let stripe: Stripe;
let sink: Awaited<ReturnType<typeof startWebhookSink>>;

beforeAll(async () => {
  sink = await startWebhookSink();
  // The dev stack's Connect endpoint is given at start, signed with STRIPE_CONNECT_WEBHOOK_SECRET.
  standIn = await startStripeStandIn({ webhookTargets: [{ url: `${sink.url}/hooks/connect`, secret: CONNECT_SECRET, connect: true }] });
  stripe = stripeClient(standIn);
});
afterAll(async () => {
  await standIn.stop();
  await sink.close();
});

async function connectEvents(): Promise<Stripe.Event[]> {
  await standIn.flush();
  return Promise.all((await received(sink.url, "connect")).map((d) => stripe.webhooks.constructEventAsync(d.body, d.headers["stripe-signature"]!, CONNECT_SECRET)));
}

async function onboardedCreator(): Promise<Stripe.Account> {
  const account = await stripe.accounts.create({ type: "express", country: "US", email: "casey@example.com", capabilities: { transfers: { requested: true } } });
  return standIn.completeOnboarding(account.id);
}

async function paidCharge(amount: number, group: string): Promise<Stripe.Charge> {
  const customer = await stripe.customers.create({ email: "brand@example.com" });
  const intent = await stripe.paymentIntents.create({ amount, currency: "usd", customer: customer.id, payment_method: "pm_card_visa", confirm: true, off_session: true, transfer_group: group, expand: ["latest_charge"] });
  return intent.latest_charge as Stripe.Charge;
}

describe("Stripe stand-in: Express accounts", () => {
  it("creates an Express account that still has requirements, and hands out an onboarding link", async () => {
    const account = await stripe.accounts.create({ type: "express", country: "FR", email: "creator@example.com", capabilities: { transfers: { requested: true } }, metadata: { creator_id: "cr_1" } });
    expect(account.id).toMatch(/^acct_\w{16}$/);
    expect(account).toMatchObject({ object: "account", type: "express", country: "FR", default_currency: "eur", email: "creator@example.com", charges_enabled: false, payouts_enabled: false, details_submitted: false, capabilities: { transfers: "inactive" }, metadata: { creator_id: "cr_1" } });
    expect(account.requirements?.currently_due).toContain("external_account");
    expect(account.requirements?.disabled_reason).toBe("requirements.past_due");

    const link = await stripe.accountLinks.create({ account: account.id, type: "account_onboarding", refresh_url: "http://localhost/refresh", return_url: "http://localhost/return" });
    expect(link).toMatchObject({ object: "account_link" });
    expect(link.expires_at - link.created).toBe(300);
    expect(link.url).toMatch(new RegExp(`^${standIn.url}/`));

    const loginTooSoon = await failure(stripe.accounts.createLoginLink(account.id));
    expect(loginTooSoon).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });

    const updated = await stripe.accounts.update(account.id, { metadata: { creator_id: "cr_2" } });
    expect(updated.metadata).toEqual({ creator_id: "cr_2" });
    expect((await stripe.accounts.retrieve(account.id)).metadata).toEqual({ creator_id: "cr_2" });
    const missing = await failure(stripe.accountLinks.create({ account: "acct_1Missing00000000", type: "account_onboarding", refresh_url: "http://x", return_url: "http://x" }));
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing", param: "account" });
  });

  it("completing onboarding (helper or the link's page) enables payouts and sends a signed Connect account.updated", async () => {
    const account = await stripe.accounts.create({ type: "express", country: "US", capabilities: { transfers: { requested: true } } });
    const link = await stripe.accountLinks.create({ account: account.id, type: "account_onboarding", refresh_url: "http://localhost/refresh", return_url: "http://localhost/return" });
    const click = await fetch(link.url, { method: "POST", redirect: "manual" });
    expect(click.status).toBe(303);
    expect(click.headers.get("location")).toBe("http://localhost/return");

    const onboarded = await stripe.accounts.retrieve(account.id);
    expect(onboarded).toMatchObject({ payouts_enabled: true, details_submitted: true, capabilities: { transfers: "active" }, requirements: { currently_due: [], disabled_reason: null } });
    const updates = (await connectEvents()).filter((event) => event.type === "account.updated" && event.account === account.id);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.data.object).toMatchObject({ id: account.id, payouts_enabled: true });
    expect(updates[0]!.data.previous_attributes).toMatchObject({ payouts_enabled: false, details_submitted: false });

    const login = await stripe.accounts.createLoginLink(account.id);
    expect(login).toMatchObject({ object: "login_link" });
    expect(login.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });
});

describe("Stripe stand-in: transfers from a charge", () => {
  it("transfers from a charge to connected accounts and refuses more than the charge has left", async () => {
    const creator = await onboardedCreator();
    const other = await onboardedCreator();
    const charge = await paidCharge(10_000, "run_42");
    const transfer = await stripe.transfers.create({ amount: 6_000, currency: "usd", destination: creator.id, source_transaction: charge.id, transfer_group: "run_42", metadata: { payout_id: "po_1" } }, { idempotencyKey: "payout-po_1" });
    expect(transfer.id).toMatch(/^tr_/);
    expect(transfer).toMatchObject({ object: "transfer", amount: 6_000, amount_reversed: 0, reversed: false, currency: "usd", destination: creator.id, source_transaction: charge.id, transfer_group: "run_42", livemode: false, reversals: { object: "list", data: [] } });
    expect(transfer.destination_payment).toMatch(/^py_/);
    expect(transfer.balance_transaction).toMatch(/^txn_/);

    const tooMuch = await failure(stripe.transfers.create({ amount: 4_001, currency: "usd", destination: other.id, source_transaction: charge.id, transfer_group: "run_42" }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: "balance_insufficient" });
    const rest = await stripe.transfers.create({ amount: 4_000, currency: "usd", destination: other.id, source_transaction: charge.id, transfer_group: "run_42" });
    expect(rest.amount).toBe(4_000);

    const again = await stripe.transfers.create({ amount: 6_000, currency: "usd", destination: creator.id, source_transaction: charge.id, transfer_group: "run_42", metadata: { payout_id: "po_1" } }, { idempotencyKey: "payout-po_1" });
    expect(again.id).toBe(transfer.id);

    const creatorBalance = await stripe.balance.retrieve({}, { stripeAccount: creator.id });
    expect(creatorBalance).toMatchObject({ object: "balance", livemode: false, available: [{ amount: 6_000, currency: "usd" }] });
    const platform = await stripe.balance.retrieve();
    expect(platform.available.find((row) => row.currency === "usd")?.amount).toBe(10_000 - 320 - 10_000);
  });

  it("refuses a transfer to an account without the transfers capability, or to an unknown one", async () => {
    const pending = await stripe.accounts.create({ type: "express", country: "US", capabilities: { transfers: { requested: true } } });
    const charge = await paidCharge(2_000, "run_43");
    const notReady = await failure(stripe.transfers.create({ amount: 1_000, currency: "usd", destination: pending.id, source_transaction: charge.id }));
    expect(notReady).toMatchObject({ statusCode: 400, code: "insufficient_capabilities_for_transfer", param: "destination" });
    const unknown = await failure(stripe.transfers.create({ amount: 1_000, currency: "usd", destination: "acct_1Unknown00000000", source_transaction: charge.id }));
    expect(unknown).toMatchObject({ statusCode: 404, code: "resource_missing", param: "destination" });
  });

  it("fails the next transfer on request, replays that failure for its key, and succeeds under a new key", async () => {
    const creator = await onboardedCreator();
    const charge = await paidCharge(5_000, "run_44");
    standIn.failNext("transfer", { destination: creator.id });
    const params = { amount: 2_000, currency: "usd", destination: creator.id, source_transaction: charge.id, transfer_group: "run_44" };
    const failed = await failure(stripe.transfers.create(params, { idempotencyKey: "payout-po_9" }));
    expect(failed).toMatchObject({ statusCode: 400, code: "balance_insufficient" });
    const replayed = await failure(stripe.transfers.create(params, { idempotencyKey: "payout-po_9" }));
    expect(replayed).toMatchObject({ statusCode: 400, code: "balance_insufficient" });
    expect(standIn.requests.filter((request) => request.idempotencyKey === "payout-po_9").map((request) => request.replayed)).toEqual([false, true]);
    expect((await stripe.transfers.create(params, { idempotencyKey: "payout-po_9b" })).amount).toBe(2_000);
  });

  it("reverses a transfer partly then fully (transfer.reversed) and moves the money back", async () => {
    const creator = await onboardedCreator();
    const charge = await paidCharge(5_000, "run_45");
    const transfer = await stripe.transfers.create({ amount: 3_000, currency: "usd", destination: creator.id, source_transaction: charge.id });
    const first = await stripe.transfers.createReversal(transfer.id, { amount: 1_000 });
    expect(first).toMatchObject({ object: "transfer_reversal", amount: 1_000, currency: "usd", transfer: transfer.id });
    expect(first.id).toMatch(/^trr_/);
    const second = await stripe.transfers.createReversal(transfer.id);
    expect(second.amount).toBe(2_000);
    const reversed = await stripe.transfers.retrieve(transfer.id);
    expect(reversed).toMatchObject({ amount_reversed: 3_000, reversed: true });
    expect(reversed.reversals.data.map((r) => r.id)).toEqual([second.id, first.id]);
    const none = await failure(stripe.transfers.createReversal(transfer.id));
    expect(none).toMatchObject({ statusCode: 400 });
    expect((await stripe.balance.retrieve({}, { stripeAccount: creator.id })).available[0]?.amount).toBe(0);
    const events = standIn.events.filter((event) => event.type === "transfer.reversed" && (event.data.object as Stripe.Transfer).id === transfer.id);
    expect(events.map((event) => (event.data.object as Stripe.Transfer).amount_reversed)).toEqual([1_000, 3_000]);
    expect(events.every((event) => event.account === undefined)).toBe(true);
  });

  it("emits any event for a connected account (e.g. payout.paid) to Connect endpoints only", async () => {
    const creator = await onboardedCreator();
    const payout = { id: "po_1StandIn00000000000000", object: "payout", amount: 6_000, currency: "usd", status: "paid", arrival_date: 1_700_000_000 };
    const event = standIn.emit("payout.paid", payout, { account: creator.id });
    const delivered = (await connectEvents()).find((e) => e.id === event.id);
    expect(delivered).toMatchObject({ type: "payout.paid", account: creator.id, data: { object: payout } });
    expect(standIn.deliveries.filter((d) => d.eventId === event.id).map((d) => d.status)).toEqual([200]);
  });
});
