import { describe, expect, it } from "vitest";
import { normalizeStripeEvent } from "../../../../src/gateways/stripe/normalize";
import type { GatewayEvent } from "../../../../src/gateways/types";
import { CLICK_ID, NOW_S } from "./fixtures/common";
import {
  charge,
  checkoutSession,
  CUSTOMER,
  dispute,
  invoice,
  invoiceLine,
  legacyInvoice,
  PRODUCT,
  stripeEvent,
  subscription,
  SUBSCRIPTION,
} from "./fixtures/stripe";

function normalized(type: Parameters<typeof stripeEvent>[0], object: object, options?: Parameters<typeof stripeEvent>[2]): { id: string; event: GatewayEvent } {
  const { id, body } = stripeEvent(type, object, options);
  const result = normalizeStripeEvent(body);
  if (!result.ok) throw new Error(`${result.param}: ${result.message}`);
  return { id, event: result.event };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe("Stripe checkout.session.completed", () => {
  it("becomes a lead with the click id from client_reference_id, the customer and the email", () => {
    const { id, event } = normalized("checkout.session.completed", checkoutSession());
    expect(event).toEqual({
      gateway: "stripe",
      external_event_id: id,
      occurred_at: iso(NOW_S - 2),
      type: "lead",
      customer_external_id: CUSTOMER,
      click_id: CLICK_ID,
      email: "ada@example.com",
    });
  });

  it("prefers metadata.rk_click and ignores a client_reference_id that is the brand's own id", () => {
    const { event } = normalized("checkout.session.completed", checkoutSession({ client_reference_id: "user_8812", metadata: { rk_click: CLICK_ID } }));
    expect(event).toMatchObject({ type: "lead", click_id: CLICK_ID });
    const { event: without } = normalized("checkout.session.completed", checkoutSession({ client_reference_id: "user_8812" }));
    expect(without).toMatchObject({ type: "lead", customer_external_id: CUSTOMER });
    expect(without).not.toHaveProperty("click_id");
  });

  it("is ignored when checkout created no customer", () => {
    const { event } = normalized("checkout.session.completed", checkoutSession({ customer: null, mode: "payment" }));
    expect(event).toMatchObject({ type: "ignored", reason: expect.stringContaining("no customer") });
  });
});

describe("Stripe invoice.paid", () => {
  it("is a first purchase for subscription_create, in minor units, currency upper-cased, paid_at as the time", () => {
    const { id, event } = normalized("invoice.paid", invoice({ billingReason: "subscription_create", amountPaid: 4900 }));
    expect(event).toEqual({
      gateway: "stripe",
      external_event_id: id,
      occurred_at: iso(NOW_S - 100),
      type: "sale",
      customer_external_id: CUSTOMER,
      click_id: CLICK_ID,
      amount: 4900,
      currency: "USD",
      invoice_id: "in_1QfX3bKz8pLm2nB4aBcDeFgH",
      subscription_id: SUBSCRIPTION,
      product_id: PRODUCT,
      kind: "first_purchase",
    });
  });

  it("is a renewal for subscription_cycle, keeping a zero-decimal currency's amount as is", () => {
    const { event } = normalized("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 5500, currency: "jpy" }));
    expect(event).toMatchObject({ type: "sale", kind: "renewal", amount: 5500, currency: "JPY" });
  });

  it("is an upgrade for a plan change billed in full, a proration when it carries proration lines", () => {
    const { event: upgrade } = normalized("invoice.paid", invoice({ billingReason: "subscription_update", amountPaid: 9900 }));
    expect(upgrade).toMatchObject({ type: "sale", kind: "upgrade", amount: 9900 });

    const lines = [
      invoiceLine(-2450, { proration: true, product: "prod_RkStarter", description: "Unused time on Rekomi Starter" }),
      invoiceLine(4950, { proration: true, product: "prod_RkTeam", description: "Remaining time on Rekomi Team" }),
    ];
    const { event: proration } = normalized("invoice.paid", invoice({ billingReason: "subscription_update", amountPaid: 2500, lines }));
    // The product is the one being paid for, not the credited one.
    expect(proration).toMatchObject({ type: "sale", kind: "proration", amount: 2500, product_id: "prod_RkTeam" });
  });

  it("ignores zero-amount invoices (trials, full discounts) and non-subscription invoices", () => {
    expect(normalized("invoice.paid", invoice({ billingReason: "subscription_create", amountPaid: 0 })).event).toMatchObject({
      type: "ignored",
      reason: "zero-amount invoice",
    });
    expect(normalized("invoice.paid", invoice({ billingReason: "manual", amountPaid: 1200 })).event).toMatchObject({
      type: "ignored",
      reason: expect.stringContaining("billing_reason manual"),
    });
    // A reason that happens to name an Object.prototype member is not a kind either.
    expect(normalized("invoice.paid", { ...invoice({ billingReason: "subscription_cycle", amountPaid: 1200 }), billing_reason: "constructor" }).event.type).toBe("ignored");
  });

  it("reads subscription, click id, product and proration where endpoints pinned before 2025-03-31 get them", () => {
    const { event } = normalized("invoice.paid", legacyInvoice({ billingReason: "subscription_cycle", amountPaid: 1999 }), { apiVersion: "2024-06-20" });
    expect(event).toMatchObject({
      type: "sale",
      kind: "renewal",
      amount: 1999,
      currency: "EUR",
      subscription_id: "sub_1PqR7sKz8pLm2nB4Legacy",
      product_id: "prod_LegacyPlan",
      click_id: CLICK_ID,
    });
    const prorated = normalized("invoice.paid", legacyInvoice({ billingReason: "subscription_update", amountPaid: 700, proration: true }), { apiVersion: "2024-06-20" });
    expect(prorated.event).toMatchObject({ kind: "proration" });
  });

  it("does not double count: invoice.payment_succeeded, which fires alongside, is ignored", () => {
    const { event } = normalized("invoice.payment_succeeded", invoice({ billingReason: "subscription_cycle", amountPaid: 4900 }));
    expect(event.type).toBe("ignored");
  });
});

describe("Stripe charge.refunded", () => {
  it("is a full refund when the whole charge is refunded at once", () => {
    const { id, event } = normalized("charge.refunded", charge({ amount: 4900, refunded: 4900 }), { previous: { amount_refunded: 0, refunded: false } });
    expect(event).toEqual({
      gateway: "stripe",
      external_event_id: id,
      occurred_at: iso(NOW_S - 2),
      type: "refund",
      invoice_id: null,
      payment_id: "pi_3QfX4cKz8pLm2nB41PayInt",
      refund_id: "ch_3QfX4cKz8pLm2nB41xYzAbCd:4900",
      amount: 4900,
      currency: "USD",
      reason: "refund",
    });
  });

  it("counts only this refund's amount when an earlier partial refund exists", () => {
    const first = normalized("charge.refunded", charge({ amount: 4900, refunded: 1000 }), { previous: { amount_refunded: 0 } }).event;
    expect(first).toMatchObject({ type: "refund", amount: 1000, reason: "partial_refund", refund_id: "ch_3QfX4cKz8pLm2nB41xYzAbCd:1000" });
    const second = normalized("charge.refunded", charge({ amount: 4900, refunded: 4900 }), { previous: { amount_refunded: 1000 } }).event;
    expect(second).toMatchObject({ type: "refund", amount: 3900, reason: "partial_refund", refund_id: "ch_3QfX4cKz8pLm2nB41xYzAbCd:4900" });
  });

  it("names the invoice and the refund where older API versions include them", () => {
    const old = charge({ amount: 4900, refunded: 2000, invoice: "in_1PqR7sKz8pLm2nB4LegacyInv", refunds: [{ id: "re_3PqR9tKz8pLm2nB4", amount: 2000 }] });
    const { event } = normalized("charge.refunded", old, { apiVersion: "2022-08-01" });
    expect(event).toMatchObject({ type: "refund", invoice_id: "in_1PqR7sKz8pLm2nB4LegacyInv", refund_id: "re_3PqR9tKz8pLm2nB4", amount: 2000, reason: "partial_refund" });
  });
});

describe("Stripe charge.dispute.created", () => {
  it("is a chargeback keyed by the dispute, with the payment intent to find the invoice by", () => {
    const { event } = normalized("charge.dispute.created", dispute());
    expect(event).toMatchObject({
      type: "refund",
      reason: "chargeback",
      invoice_id: null,
      payment_id: "pi_3QfX4cKz8pLm2nB41PayInt",
      refund_id: "du_1QfX5dKz8pLm2nB4DisputeA",
      amount: 4900,
      currency: "USD",
    });
  });
});

describe("Stripe subscriptions", () => {
  it("customer.subscription.deleted is a cancellation at the moment it ended", () => {
    const { event } = normalized("customer.subscription.deleted", subscription({ status: "canceled", canceledAt: NOW_S - 500, endedAt: NOW_S - 400 }));
    expect(event).toMatchObject({ type: "cancellation", customer_external_id: CUSTOMER, subscription_id: SUBSCRIPTION, occurred_at: iso(NOW_S - 400) });
  });

  it("customer.subscription.created with a trial starts a trial carrying the click id", () => {
    const trialEnd = NOW_S + 14 * 86_400;
    const { event } = normalized("customer.subscription.created", subscription({ status: "trialing", trialEnd }));
    expect(event).toMatchObject({
      type: "trial_started",
      customer_external_id: CUSTOMER,
      subscription_id: SUBSCRIPTION,
      click_id: CLICK_ID,
      trial_ends_at: iso(trialEnd),
    });
  });

  it("customer.subscription.created without a trial is ignored (its invoice is the sale)", () => {
    expect(normalized("customer.subscription.created", subscription({ status: "active" })).event.type).toBe("ignored");
  });
});
