import Stripe from "stripe";

/**
 * Stripe webhooks as Stripe sends them to a connected endpoint (API version the SDK pins,
 * test mode), signed with the SDK's own test header generator, for the end-to-end tests
 * against the dev stack. Objects carry the fields Rekomi reads (checked against the SDK's
 * types in test/node/unit/gateways/fixtures/stripe.ts, which hold the complete shapes).
 */
const signer = new Stripe("sk_test_signing_only");
let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(++sequence).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const nowS = () => Math.floor(Date.now() / 1000);

export interface Posted {
  status: number;
  /** The edge's tracking event id (`tev_…`), which conversions name as `source_event_id`. */
  id: string | undefined;
  body: string;
}

export interface StripeEndpoint {
  webhook_url: string;
  signing_secret: string;
}

/** Signs and posts one event; `tamper` changes the body after signing, `signedAt` moves the signature's timestamp. */
export async function postStripeEvent(
  endpoint: StripeEndpoint,
  type: string,
  object: object,
  options: { eventId?: string; signedAt?: number; tamper?: boolean; url?: string } = {},
): Promise<Posted> {
  const payload = JSON.stringify({ id: options.eventId ?? `evt_e2e_${unique()}`, object: "event", api_version: Stripe.API_VERSION, created: nowS(), livemode: false, data: { object }, type, pending_webhooks: 1 });
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: endpoint.signing_secret, ...(options.signedAt ? { timestamp: options.signedAt } : {}) });
  const body = options.tamper ? payload.replace(/"amount_paid":(\d+)/, (_, n: string) => `"amount_paid":${Number(n) * 10}`) : payload;
  const res = await fetch(options.url ?? endpoint.webhook_url, { method: "POST", body, headers: { "content-type": "application/json", "stripe-signature": header } });
  const text = await res.text();
  const id = res.ok ? (JSON.parse(text) as { id?: string }).id : undefined;
  return { status: res.status, id, body: text };
}

export interface Customer {
  customer: string;
  subscription: string;
}

export const newCustomer = (): Customer => ({ customer: `cus_e2e${unique()}`, subscription: `sub_e2e${unique()}` });

export const checkoutSession = (c: Customer, clickId: string) => ({
  id: `cs_test_e2e${unique()}`,
  object: "checkout.session",
  mode: "subscription",
  status: "complete",
  payment_status: "paid",
  client_reference_id: clickId,
  metadata: { rk_click: clickId },
  customer: c.customer,
  customer_details: { email: `${c.customer}@example.com` },
  subscription: c.subscription,
  amount_total: 4900,
  currency: "usd",
  livemode: false,
});

/**
 * An invoice.paid invoice as API versions from 2025-03-31.basil send it: its payment is not
 * in the webhook (`payments` is includable), so Rekomi asks the Invoice Payments API, unless
 * `listPayments` puts the list in as an expanded retrieve would show it.
 */
export const paidInvoice = (c: Customer, o: { billingReason: Stripe.Invoice.BillingReason; amount: number; currency?: string; paymentIntent: string; clickId?: string; listPayments?: boolean }) => {
  const id = `in_e2e${unique()}`;
  const currency = o.currency ?? "usd";
  return {
    id,
    object: "invoice",
    billing_reason: o.billingReason,
    amount_paid: o.amount,
    currency,
    customer: c.customer,
    livemode: false,
    status: "paid",
    status_transitions: { paid_at: nowS() },
    parent: { type: "subscription_details", subscription_details: { subscription: c.subscription, metadata: o.clickId ? { rk_click: o.clickId } : {} } },
    lines: { object: "list", has_more: false, data: [{ id: `il_e2e${unique()}`, object: "line_item", amount: o.amount, currency, pricing: { type: "price_details", price_details: { price: "price_e2e_pro", product: "prod_e2e_pro" } } }] },
    ...(o.listPayments
      ? { payments: { object: "list", has_more: false, data: [{ id: `inpay_e2e${unique()}`, object: "invoice_payment", invoice: id, amount_paid: o.amount, currency, status: "paid", is_default: true, payment: { type: "payment_intent", payment_intent: o.paymentIntent } }] } }
      : {}),
  };
};

export const refund = (o: { paymentIntent: string; amount: number }) => ({
  id: `re_e2e${unique()}`,
  object: "refund",
  amount: o.amount,
  currency: "usd",
  payment_intent: o.paymentIntent,
  charge: `ch_e2e${unique()}`,
  status: "succeeded",
});

export const dispute = (o: { id: string; paymentIntent: string; amount: number; status: Stripe.Dispute.Status }) => ({
  id: o.id,
  object: "dispute",
  amount: o.amount,
  currency: "usd",
  payment_intent: o.paymentIntent,
  charge: `ch_e2e${unique()}`,
  reason: "fraudulent",
  status: o.status,
  livemode: false,
});

export const subscription = (c: Customer, o: { status: Stripe.Subscription.Status; trialEnd?: number; clickId?: string }) => ({
  id: c.subscription,
  object: "subscription",
  customer: c.customer,
  status: o.status,
  trial_end: o.trialEnd ?? null,
  ended_at: o.status === "canceled" ? nowS() : null,
  metadata: o.clickId ? { rk_click: o.clickId } : {},
  livemode: false,
});

export const newId = (prefix: string) => `${prefix}_e2e${unique()}`;
