import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandIn, type StripeStandIn } from "../../../scripts/local/stand-ins/stripe";
import { failure, stripeClient } from "../../support/stripe-stand-in";

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = stripeClient(standIn);
});
afterAll(() => standIn.stop());

describe("Stripe stand-in: invoice payments", () => {
  it("lists an invoice's payments and the invoice of a PaymentIntent, Stripe-shaped, through the SDK", async () => {
    const registered = standIn.addInvoicePayment({ invoice: "in_A", payment_intent: "pi_A", amount: 4900, currency: "USD" });
    standIn.addInvoicePayment({ invoice: "in_B", payment_intent: "pi_B", amount: 100, currency: "eur" });

    const byInvoice = await stripe.invoicePayments.list({ invoice: "in_A" });
    expect(byInvoice).toMatchObject({ object: "list", has_more: false, url: "/v1/invoice_payments" });
    expect(byInvoice.data).toHaveLength(1);
    expect(byInvoice.data[0]).toEqual(registered);
    expect(registered).toMatchObject({
      object: "invoice_payment",
      invoice: "in_A",
      amount_paid: 4900,
      amount_requested: 4900,
      currency: "usd",
      is_default: true,
      status: "paid",
      livemode: false,
      payment: { type: "payment_intent", payment_intent: "pi_A" },
    });
    expect(registered.id).toMatch(/^inpay_\w{24}$/);

    const byPayment = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: "pi_B" } });
    expect(byPayment.data.map((p) => [p.invoice, p.currency])).toEqual([["in_B", "eur"]]);
    expect((await stripe.invoicePayments.list({ invoice: "in_A", status: "open" })).data).toEqual([]);
    expect((await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: "pi_unknown" } })).data).toEqual([]);
  });

  it("registers over HTTP too, for tests inside workerd", async () => {
    const res = await fetch(`${standIn.url}/_stand-in/control/invoice-payments`, { method: "POST", body: JSON.stringify({ invoice: "in_H", payment_intent: "pi_H", amount: 700, currency: "usd" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "invoice_payment", invoice: "in_H" });
    expect((await stripe.invoicePayments.list({ invoice: "in_H" })).data.map((p) => p.payment.payment_intent)).toEqual(["pi_H"]);
    const incomplete = await fetch(`${standIn.url}/_stand-in/control/invoice-payments`, { method: "POST", body: JSON.stringify({ invoice: "in_H" }) });
    expect(incomplete.status).toBe(404);
  });

  it("refuses unknown parameters and a restricted key without invoice payment access", async () => {
    const unknown = await failure<Stripe.errors.StripeInvalidRequestError>(stripe.invoicePayments.list({ customer: "cus_1" } as Stripe.InvoicePaymentListParams));
    expect(unknown).toMatchObject({ type: "StripeInvalidRequestError", code: "parameter_unknown", param: "customer" });

    standIn.restrictKey("rk_test_endpoints_only", ["webhook_endpoints"]);
    const refused = await failure(stripeClient(standIn, "rk_test_endpoints_only").invoicePayments.list({ invoice: "in_A" }));
    expect(refused).toMatchObject({ type: "StripePermissionError", statusCode: 403 });

    standIn.restrictKey("rk_test_reader", ["webhook_endpoints", "invoice_payments"]);
    expect((await stripeClient(standIn, "rk_test_reader").invoicePayments.list({ invoice: "in_A" })).data).toHaveLength(1);
  });
});
