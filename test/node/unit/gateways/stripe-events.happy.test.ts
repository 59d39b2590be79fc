import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { normalizeStripeEvent } from "../../../../src/gateways/stripe/normalize";
import { verifyStripeSignature } from "../../../../src/gateways/stripe/verify";
import type { GatewayEvent } from "../../../../src/gateways/types";
import { CLICK_ID, NOW_MS, NOW_S, type DeepPartial } from "./fixtures/common";
import {
  checkoutSession,
  CUSTOMER,
  invoice,
  invoiceLine,
  legacyInvoice,
  PAYMENT_INTENT,
  PRODUCT,
  PROMOTION_CODE,
  STRIPE_SECRET,
  stripeEvent,
  stripeParsed,
  stripeSign,
  subscription,
  SUBSCRIPTION,
} from "./fixtures/stripe";

/**
 * Every body here goes through stripe-node first (signed by generateTestHeaderString,
 * checked and parsed by constructEvent), then through our own verifier and normalizer.
 */
async function normalized(type: Parameters<typeof stripeEvent>[0], object: object, options?: Parameters<typeof stripeEvent>[2]): Promise<{ id: string; event: GatewayEvent }> {
  const { id, body } = stripeEvent(type, object, options);
  expect(stripeParsed(body)).toMatchObject({ id, type });
  expect(await verifyStripeSignature(body, stripeSign(body), STRIPE_SECRET, { now: NOW_MS })).toEqual({ ok: true });
  const result = normalizeStripeEvent(body);
  if (!result.ok) throw new Error(`${result.param}: ${result.message}`);
  return { id, event: result.event };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const API_VERSION = JSON.parse(stripeEvent("invoice.paid", {}).body).api_version as string;

describe("Stripe checkout.session.completed", () => {
  it("in subscription mode is a lead binding the customer to the click from client_reference_id, with mode, version and no account", async () => {
    const { id, event } = await normalized("checkout.session.completed", checkoutSession());
    expect(event).toEqual({
      gateway: "stripe",
      external_event_id: id,
      occurred_at: iso(NOW_S - 2),
      livemode: false,
      api_version: API_VERSION,
      type: "lead",
      customer_external_id: CUSTOMER,
      click_id: CLICK_ID,
      email: "ada@example.com",
    });
  });

  it("carries livemode and the Connect account the event happened on", async () => {
    const { event } = await normalized("checkout.session.completed", checkoutSession(), { livemode: true, account: "acct_1QfXConnected01" });
    expect(event).toMatchObject({ livemode: true, account: "acct_1QfXConnected01" });
  });

  it("prefers metadata.rk_click and ignores a client_reference_id that is the brand's own id", async () => {
    const { event } = await normalized("checkout.session.completed", checkoutSession({ client_reference_id: "user_8812", metadata: { rk_click: CLICK_ID } }));
    expect(event).toMatchObject({ type: "lead", click_id: CLICK_ID });
    const { event: without } = await normalized("checkout.session.completed", checkoutSession({ client_reference_id: "user_8812" }));
    expect(without).toMatchObject({ type: "lead", customer_external_id: CUSTOMER });
    expect(without).not.toHaveProperty("click_id");
  });

  it("names the promotion code the checkout used", async () => {
    const { event } = await normalized("checkout.session.completed", checkoutSession({ discounts: [{ coupon: "ADA20", promotion_code: PROMOTION_CODE }] }));
    expect(event).toMatchObject({ type: "lead", promo_code: PROMOTION_CODE });
  });

  it("a paid one-time payment (mode=payment) is a sale of kind one_time keyed by the session, with its payment intent", async () => {
    const session = checkoutSession({ mode: "payment", subscription: null, payment_intent: PAYMENT_INTENT, amount_total: 12900, discounts: [{ coupon: "ADA20", promotion_code: PROMOTION_CODE }] });
    const { event } = await normalized("checkout.session.completed", session);
    expect(event).toMatchObject({
      type: "sale",
      kind: "one_time",
      amount: 12900,
      currency: "USD",
      invoice_id: session.id,
      payment_id: PAYMENT_INTENT,
      customer_external_id: CUSTOMER,
      click_id: CLICK_ID,
      promo_code: PROMOTION_CODE,
    });
    // With an invoice created for it, the invoice is what was paid; without a customer the click alone credits it.
    const invoiced = await normalized("checkout.session.completed", { ...session, invoice: "in_1QfXOneTimeInvoice", customer: null });
    expect(invoiced.event).toMatchObject({ type: "sale", invoice_id: "in_1QfXOneTimeInvoice", click_id: CLICK_ID });
    expect(invoiced.event).not.toHaveProperty("customer_external_id");
  });

  it("a one-time payment still processing is ignored until checkout.session.async_payment_succeeded, which is the sale", async () => {
    const pending = checkoutSession({ mode: "payment", subscription: null, payment_intent: PAYMENT_INTENT, payment_status: "unpaid" });
    expect((await normalized("checkout.session.completed", pending)).event).toMatchObject({ type: "ignored", reason: expect.stringContaining("unpaid") });
    const paid = await normalized("checkout.session.async_payment_succeeded", { ...pending, payment_status: "paid" });
    expect(paid.event).toMatchObject({ type: "sale", kind: "one_time", payment_id: PAYMENT_INTENT });
  });

  it("is ignored when a subscription checkout created no customer, and in setup mode", async () => {
    expect((await normalized("checkout.session.completed", checkoutSession({ customer: null }))).event).toMatchObject({ type: "ignored", reason: expect.stringContaining("no customer") });
    expect((await normalized("checkout.session.completed", checkoutSession({ mode: "setup", subscription: null }))).event.type).toBe("ignored");
  });
});

describe("Stripe invoice.paid", () => {
  it("is a first purchase for subscription_create, with the payment intent from payments (basil), the price, paid_at as the time", async () => {
    const { id, event } = await normalized("invoice.paid", invoice({ billingReason: "subscription_create", amountPaid: 4900 }));
    expect(event).toEqual({
      gateway: "stripe",
      external_event_id: id,
      occurred_at: iso(NOW_S - 100),
      livemode: false,
      api_version: API_VERSION,
      type: "sale",
      customer_external_id: CUSTOMER,
      click_id: CLICK_ID,
      amount: 4900,
      currency: "USD",
      invoice_id: "in_1QfX3bKz8pLm2nB4aBcDeFgH",
      payment_id: PAYMENT_INTENT,
      subscription_id: SUBSCRIPTION,
      product_id: PRODUCT,
      price_id: "price_1QfXProMonthly",
      kind: "first_purchase",
    });
  });

  it("names a bare charge when the invoice payment has no payment intent, and no payment when payments is not in the payload", async () => {
    const byCharge = await normalized("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 4900, payment: { charge: "ch_3QfXBareCharge01" } }));
    expect(byCharge.event).toMatchObject({ type: "sale", payment_id: "ch_3QfXBareCharge01" });
    const unlisted = await normalized("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 4900, payment: null }));
    expect(unlisted.event).toMatchObject({ type: "sale" });
    expect(unlisted.event).not.toHaveProperty("payment_id");
  });

  it("names the promotion code of an expanded discount; a bare discount id names none", async () => {
    expect((await normalized("invoice.paid", invoice({ billingReason: "subscription_create", amountPaid: 3920, discounts: PROMOTION_CODE }))).event).toMatchObject({
      promo_code: PROMOTION_CODE,
    });
    expect((await normalized("invoice.paid", invoice({ billingReason: "subscription_create", amountPaid: 3920, discounts: "ids" }))).event).not.toHaveProperty("promo_code");
  });

  it("is a renewal for subscription_cycle, keeping a zero-decimal currency's amount as is", async () => {
    const { event } = await normalized("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 5500, currency: "jpy" }));
    expect(event).toMatchObject({ type: "sale", kind: "renewal", amount: 5500, currency: "JPY" });
  });

  it("converts Stripe's minor units to ISO's: ISK is two-decimal at Stripe and zero at ISO, MGA the other way round", async () => {
    const isk = await normalized("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 490_000, currency: "isk" }));
    expect(isk.event).toMatchObject({ type: "sale", amount: 4900, currency: "ISK" });
    const mga = await normalized("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 20_000, currency: "mga" }));
    expect(mga.event).toMatchObject({ type: "sale", amount: 2_000_000, currency: "MGA" });
    // HUF and TWD are two-decimal for charges at Stripe as in ISO; KWD three-decimal in both.
    for (const [currency, amount] of [["huf", 490_000], ["twd", 49_000], ["kwd", 15_000]] as const) {
      expect((await normalized("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: amount, currency }))).event).toMatchObject({ amount });
    }
  });

  it("is an upgrade for a plan change billed in full, a proration when it carries proration lines", async () => {
    const { event: upgrade } = await normalized("invoice.paid", invoice({ billingReason: "subscription_update", amountPaid: 9900 }));
    expect(upgrade).toMatchObject({ type: "sale", kind: "upgrade", amount: 9900 });

    const lines = [
      invoiceLine(-2450, { proration: true, product: "prod_RkStarter", description: "Unused time on Rekomi Starter" }),
      invoiceLine(4950, { proration: true, product: "prod_RkTeam", description: "Remaining time on Rekomi Team" }),
    ];
    const { event: proration } = await normalized("invoice.paid", invoice({ billingReason: "subscription_update", amountPaid: 2500, lines }));
    // The product is the one being paid for, not the credited one.
    expect(proration).toMatchObject({ type: "sale", kind: "proration", amount: 2500, product_id: "prod_RkTeam" });
  });

  it("ignores zero-amount invoices (trials, full discounts) and non-subscription invoices", async () => {
    expect((await normalized("invoice.paid", invoice({ billingReason: "subscription_create", amountPaid: 0 }))).event).toMatchObject({ type: "ignored", reason: "zero-amount invoice" });
    expect((await normalized("invoice.paid", invoice({ billingReason: "manual", amountPaid: 1200 }))).event).toMatchObject({
      type: "ignored",
      reason: expect.stringContaining("billing_reason manual"),
    });
    // A reason that happens to name an Object.prototype member is not a kind either.
    expect((await normalized("invoice.paid", { ...invoice({ billingReason: "subscription_cycle", amountPaid: 1200 }), billing_reason: "constructor" })).event.type).toBe("ignored");
  });

  it("reads subscription, click id, product, price, payment and promotion code where endpoints pinned before 2025-03-31 get them", async () => {
    const { event } = await normalized("invoice.paid", legacyInvoice({ billingReason: "subscription_cycle", amountPaid: 1999 }), { apiVersion: "2024-06-20" });
    expect(event).toMatchObject({
      type: "sale",
      kind: "renewal",
      amount: 1999,
      currency: "EUR",
      api_version: "2024-06-20",
      subscription_id: "sub_1PqR7sKz8pLm2nB4Legacy",
      product_id: "prod_LegacyPlan",
      price_id: "price_1PqRLegacyPlan",
      payment_id: "pi_3PqR7sKz8pLm2nB41LegacyP",
      promo_code: "promo_1PqRLegacyAda20",
      click_id: CLICK_ID,
    });
    const prorated = await normalized("invoice.paid", legacyInvoice({ billingReason: "subscription_update", amountPaid: 700, proration: true }), { apiVersion: "2024-06-20" });
    expect(prorated.event).toMatchObject({ kind: "proration" });
  });

  it("does not double count: invoice.payment_succeeded, which fires alongside, is ignored", async () => {
    const { event } = await normalized("invoice.payment_succeeded", invoice({ billingReason: "subscription_cycle", amountPaid: 4900 }));
    expect(event.type).toBe("ignored");
  });
});

describe("Stripe customers the brand creates with metadata.rk_click", () => {
  const customer = (metadata: Record<string, string>) =>
    ({ id: CUSTOMER, object: "customer", created: NOW_S - 5, email: "ada@example.com", livemode: false, metadata, name: "Ada Lovelace" }) satisfies DeepPartial<Stripe.Customer>;

  it("customer.created with a click id is a lead binding that customer; without one it is ignored", async () => {
    expect((await normalized("customer.created", customer({ rk_click: CLICK_ID }))).event).toMatchObject({
      type: "lead",
      customer_external_id: CUSTOMER,
      click_id: CLICK_ID,
      email: "ada@example.com",
    });
    expect((await normalized("customer.created", customer({}))).event.type).toBe("ignored");
  });
});

describe("Stripe subscriptions", () => {
  it("customer.subscription.deleted is a cancellation at the moment it ended", async () => {
    const { event } = await normalized("customer.subscription.deleted", subscription({ status: "canceled", canceledAt: NOW_S - 500, endedAt: NOW_S - 400 }));
    expect(event).toMatchObject({ type: "cancellation", customer_external_id: CUSTOMER, subscription_id: SUBSCRIPTION, occurred_at: iso(NOW_S - 400) });
  });

  it("customer.subscription.created with a trial starts a trial carrying the click id", async () => {
    const trialEnd = NOW_S + 14 * 86_400;
    const { event } = await normalized("customer.subscription.created", subscription({ status: "trialing", trialEnd }));
    expect(event).toMatchObject({
      type: "trial_started",
      customer_external_id: CUSTOMER,
      subscription_id: SUBSCRIPTION,
      click_id: CLICK_ID,
      trial_ends_at: iso(trialEnd),
    });
  });

  it("customer.subscription.created without a trial is ignored (its invoice is the sale)", async () => {
    expect((await normalized("customer.subscription.created", subscription({ status: "active" }))).event.type).toBe("ignored");
  });
});
