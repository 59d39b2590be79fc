import type Stripe from "stripe";
import type { Route, StandInContext } from "../context";
import { invalidValue } from "../errors";
import { nowSeconds, stripeId } from "../ids";
import { listEnvelope } from "../list";
import { allowOnly, nested, optionalString } from "../params";
import type { Owner } from "../store";

/** What a test says was paid: an invoice paid by a PaymentIntent (the stand-in keeps no invoices of its own). */
export interface InvoicePaymentInput {
  invoice: string;
  payment_intent: string;
  amount: number;
  currency: string;
}

/**
 * Registers a paid invoice payment (Stripe makes one when an invoice is paid), so that
 * `GET /v1/invoice_payments` can link the invoice and its PaymentIntent.
 */
export function addInvoicePayment(ctx: StandInContext, input: InvoicePaymentInput, owner: Owner = null): Stripe.InvoicePayment {
  const created = nowSeconds();
  const payment: Stripe.InvoicePayment = {
    id: stripeId("inpay"),
    object: "invoice_payment",
    amount_paid: input.amount,
    amount_requested: input.amount,
    created,
    currency: input.currency.toLowerCase(),
    invoice: input.invoice,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: input.payment_intent },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: created },
  };
  return ctx.store.put(owner, payment);
}

/**
 * `GET /v1/invoice_payments`: an invoice's payments (`invoice=in_…`), or the invoice payments
 * of one payment (`payment[type]=payment_intent&payment[payment_intent]=pi_…`), as the SDK's
 * `invoicePayments.list` sends them; `status` narrows either.
 */
export const invoicePaymentRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/invoice_payments",
    run({ params, owner }, { store }) {
      allowOnly(params, ["invoice", "payment", "status", "limit", "starting_after", "ending_before"]);
      const invoice = optionalString(params, "invoice");
      const status = optionalString(params, "status");
      const payment = nested(params, "payment");
      let intent: string | null = null;
      if (payment) {
        allowOnly(payment, ["type", "payment_intent", "payment_record"]);
        const type = optionalString(payment, "type");
        if (type === null) throw invalidValue("payment[type]", "Missing required param: payment[type].");
        if (type !== "payment_intent") throw invalidValue("payment[type]", `The stand-in lists invoice payments by payment_intent only (got '${type}').`);
        intent = optionalString(payment, "payment_intent");
      }
      const all = store.all<Stripe.InvoicePayment>("invoice_payment", owner, (p) =>
        (invoice === null || p.invoice === invoice) && (status === null || p.status === status) && (intent === null || p.payment.payment_intent === intent),
      );
      return listEnvelope(all, params, "/v1/invoice_payments");
    },
  },
];
