import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandIn, type StripeStandIn } from "../../../scripts/local/stand-ins/stripe";
import { failure, stripeClient } from "../../support/stripe-stand-in";
import { received, startWebhookSink } from "../../support/webhook-sink";

let standIn: StripeStandIn;
let stripe: Stripe;
let sink: Awaited<ReturnType<typeof startWebhookSink>>;
let secret: string;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = stripeClient(standIn);
  sink = await startWebhookSink();
  secret = (await stripe.webhookEndpoints.create({ url: `${sink.url}/hooks/platform`, enabled_events: ["*"] })).secret!;
});
afterAll(async () => {
  await standIn.stop();
  await sink.close();
});

/** The verified events the platform endpoint received, oldest first. */
async function platformEvents(): Promise<Stripe.Event[]> {
  await standIn.flush();
  return Promise.all((await received(sink.url, "platform")).map((d) => stripe.webhooks.constructEventAsync(d.body, d.headers["stripe-signature"]!, secret)));
}

async function brandWithCard(): Promise<{ customer: Stripe.Customer; paymentMethod: string }> {
  const customer = await stripe.customers.create({ email: "brand@example.com", name: "Acme" });
  const intent = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ["card"] });
  const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
  return { customer, paymentMethod: confirmed.payment_method as string };
}

describe("Stripe stand-in: saving a brand's payment method", () => {
  it("creates and retrieves customers", async () => {
    const customer = await stripe.customers.create({ email: "c@example.com", metadata: { brand_id: "b1" } });
    expect(customer).toMatchObject({ object: "customer", email: "c@example.com", livemode: false, metadata: { brand_id: "b1" }, invoice_settings: { default_payment_method: null } });
    expect(customer.id).toMatch(/^cus_/);
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
  });

  it("saves a card through a SetupIntent (create, confirm, retrieve) and lists it for the customer", async () => {
    const customer = await stripe.customers.create({ email: "seti@example.com" });
    const intent = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ["card"], usage: "off_session" });
    expect(intent).toMatchObject({ object: "setup_intent", status: "requires_payment_method", customer: customer.id, usage: "off_session", payment_method: null });
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
    expect(confirmed.status).toBe("succeeded");
    expect((await stripe.setupIntents.retrieve(intent.id)).payment_method).toBe(confirmed.payment_method);

    const method = await stripe.paymentMethods.retrieve(confirmed.payment_method as string);
    expect(method).toMatchObject({ object: "payment_method", type: "card", customer: customer.id, card: { brand: "visa", last4: "4242" } });
    const listed = await stripe.paymentMethods.list({ customer: customer.id, type: "card" });
    expect(listed).toMatchObject({ object: "list", url: "/v1/payment_methods", has_more: false });
    expect(listed.data.map((pm) => pm.id)).toEqual([method.id]);
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((pm) => pm.id)).toEqual([method.id]);

    const again = await failure(stripe.setupIntents.confirm(intent.id, { payment_method: "pm_card_visa" }));
    expect(again).toMatchObject({ statusCode: 400, code: "setup_intent_unexpected_state" });

    const oneStep = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_mastercard", confirm: true });
    expect(oneStep.status).toBe("succeeded");
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data.map((pm) => pm.card?.brand)).toEqual(["mastercard", "visa"]);
  });

  it("answers Checkout in mode=setup, and completing it attaches a method and sends checkout.session.completed", async () => {
    const customer = await stripe.customers.create({ email: "checkout@example.com" });
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", allowed_payment_method_types: ["card", "us_bank_account"], success_url: "http://localhost/done?session={CHECKOUT_SESSION_ID}", client_reference_id: "brand_1" });
    expect(session).toMatchObject({ object: "checkout.session", mode: "setup", status: "open", customer: customer.id, payment_status: "no_payment_required", livemode: false });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toMatch(new RegExp(`^${standIn.url}/`));
    expect(session.setup_intent).toMatch(/^seti_/);

    const completed = standIn.completeCheckoutSession(session.id, "us_bank_account");
    expect(completed.status).toBe("complete");
    const intent = await stripe.setupIntents.retrieve(session.setup_intent as string, { expand: ["payment_method"] });
    expect(intent.status).toBe("succeeded");
    expect(intent.payment_method).toMatchObject({ type: "us_bank_account", customer: customer.id, us_bank_account: { last4: "6789" } });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");

    const events = await platformEvents();
    const done = events.find((event) => event.type === "checkout.session.completed");
    expect(done?.data.object).toMatchObject({ id: session.id, status: "complete", client_reference_id: "brand_1" });
    expect(() => standIn.completeCheckoutSession(session.id)).toThrow(/no longer open/);

    // At the API version the SDK pins, payment_method_types is gone from requests.
    const oldParam = await failure(stripe.checkout.sessions.create({ mode: "setup", currency: "usd", payment_method_types: ["card"] } as Stripe.Checkout.SessionCreateParams));
    expect(oldParam).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "payment_method_types" });
    const paymentMode = await failure(stripe.checkout.sessions.create({ mode: "payment", success_url: "http://localhost/x" }));
    expect(paymentMode).toMatchObject({ statusCode: 400, param: "mode" });
  });

  it("serves the hosted Checkout page: one click saves the method and redirects to success_url", async () => {
    const customer = await stripe.customers.create({ email: "page@example.com" });
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", success_url: "http://localhost/done?cs={CHECKOUT_SESSION_ID}" });
    expect((await fetch(session.url!)).status).toBe(200);
    const click = await fetch(`${session.url}?method=card`, { method: "POST", redirect: "manual" });
    expect(click.status).toBe(303);
    expect(click.headers.get("location")).toBe(`http://localhost/done?cs=${session.id}`);
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(1);
  });
});

describe("Stripe stand-in: charging the brand", () => {
  it("charges a saved method off-session: latest_charge with its balance transaction and fee", async () => {
    const { customer, paymentMethod } = await brandWithCard();
    const intent = await stripe.paymentIntents.create({ amount: 10_000, currency: "usd", customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true, transfer_group: "run_1", metadata: { run_id: "run_1" } }, { idempotencyKey: "charge-run_1" });
    expect(intent).toMatchObject({ object: "payment_intent", status: "succeeded", amount: 10_000, amount_received: 10_000, currency: "usd", transfer_group: "run_1", livemode: false });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.latest_charge).toMatch(/^ch_/);

    const expanded = await stripe.paymentIntents.retrieve(intent.id, { expand: ["latest_charge.balance_transaction"] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: "charge", status: "succeeded", paid: true, amount: 10_000, payment_intent: intent.id, transfer_group: "run_1", amount_refunded: 0 });
    expect(charge.balance_transaction).toMatchObject({ object: "balance_transaction", amount: 10_000, fee: 320, net: 9_680, source: charge.id, type: "charge" });

    const events = (await platformEvents()).filter((event) => (event.data.object as { payment_intent?: string; id: string }).id === intent.id || (event.data.object as { payment_intent?: string }).payment_intent === intent.id);
    expect(events.map((event) => event.type)).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]);
    expect(events.every((event) => event.request?.idempotency_key === "charge-run_1")).toBe(true);

    const replay = await stripe.paymentIntents.create({ amount: 10_000, currency: "usd", customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true, transfer_group: "run_1", metadata: { run_id: "run_1" } }, { idempotencyKey: "charge-run_1" });
    expect(replay.id).toBe(intent.id);
    expect(standIn.events.filter((event) => event.type === "charge.succeeded" && (event.data.object as Stripe.Charge).payment_intent === intent.id)).toHaveLength(1);
  });

  it("takes the fee of the method's price: ACH Direct Debit 0.8 % capped at 5.00", async () => {
    const customer = await stripe.customers.create({ email: "ach@example.com" });
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", allowed_payment_method_types: ["us_bank_account"], success_url: "http://localhost/done" });
    standIn.completeCheckoutSession(session.id, "us_bank_account");
    const [method] = (await stripe.paymentMethods.list({ customer: customer.id })).data;
    const feeOf = async (amount: number) => {
      const intent = await stripe.paymentIntents.create({ amount, currency: "usd", customer: customer.id, payment_method: method!.id, off_session: true, confirm: true, expand: ["latest_charge.balance_transaction"] });
      return ((intent.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction).fee;
    };
    expect(await feeOf(10_000)).toBe(80);
    expect(await feeOf(10_063)).toBe(81);
    expect(await feeOf(200_000)).toBe(500);
  });

  it("fails the next charge on request: 402 card_declined carrying the PaymentIntent, payment_intent.payment_failed, and the same answer on replay", async () => {
    const { customer, paymentMethod } = await brandWithCard();
    standIn.failNext("charge", { declineCode: "insufficient_funds", customer: customer.id });
    const params = { amount: 5_000, currency: "usd", customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true };
    const declined = await failure<Stripe.errors.StripeCardError>(stripe.paymentIntents.create(params, { idempotencyKey: "charge-run_2" }));
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ statusCode: 402, code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." });
    const intent = declined.payment_intent!;
    expect(intent).toMatchObject({ status: "requires_payment_method", last_payment_error: { code: "card_declined", decline_code: "insufficient_funds" } });
    expect(declined.raw).toMatchObject({ charge: intent.latest_charge });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_payment_method");

    const types = (await platformEvents()).filter((event) => (event.data.object as { id: string }).id === intent.id || (event.data.object as { payment_intent?: string }).payment_intent === intent.id).map((event) => event.type);
    expect(types).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);

    const replayed = await failure<Stripe.errors.StripeCardError>(stripe.paymentIntents.create(params, { idempotencyKey: "charge-run_2" }));
    expect(replayed).toMatchObject({ statusCode: 402, code: "card_declined" });
    expect(replayed.payment_intent?.id).toBe(intent.id);

    const retried = await stripe.paymentIntents.create(params, { idempotencyKey: "charge-run_2-retry" });
    expect(retried.status).toBe("succeeded");
  });

  it("declines Stripe's declining test card without any injection", async () => {
    const customer = await stripe.customers.create({});
    const declined = await failure<Stripe.errors.StripeCardError>(stripe.paymentIntents.create({ amount: 1_000, currency: "usd", customer: customer.id, payment_method: "pm_card_chargeDeclined", confirm: true, off_session: true }));
    expect(declined).toMatchObject({ statusCode: 402, code: "card_declined", decline_code: "generic_decline" });
  });

  it("refunds a charge partly then fully, refuses more, and sends charge.refunded", async () => {
    const { customer, paymentMethod } = await brandWithCard();
    const intent = await stripe.paymentIntents.create({ amount: 3_000, currency: "usd", customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true });
    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 1_000, reason: "requested_by_customer" });
    expect(partial).toMatchObject({ object: "refund", amount: 1_000, status: "succeeded", charge: intent.latest_charge, payment_intent: intent.id, currency: "usd" });
    expect(partial.id).toMatch(/^re_/);
    const tooMuch = await failure(stripe.refunds.create({ charge: intent.latest_charge as string, amount: 2_001 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, param: "amount", type: "StripeInvalidRequestError" });
    const rest = await stripe.refunds.create({ charge: intent.latest_charge as string });
    expect(rest.amount).toBe(2_000);
    const again = await failure(stripe.refunds.create({ charge: intent.latest_charge as string }));
    expect(again).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });

    const refunded = (await platformEvents()).filter((event) => event.type === "charge.refunded" && (event.data.object as Stripe.Charge).id === intent.latest_charge);
    expect(refunded.map((event) => [(event.data.object as Stripe.Charge).amount_refunded, (event.data.object as Stripe.Charge).refunded])).toEqual([[1_000, false], [3_000, true]]);
    expect(refunded[1]!.data.previous_attributes).toEqual({ amount_refunded: 1_000, refunded: false });
  });
});
