import type Stripe from "stripe";
import type { Route, StandInContext } from "../context";
import { noSuch } from "../errors";
import { nowSeconds, stripeId } from "../ids";
import type { Owner } from "../store";

/**
 * Stripe's standard US prices per method, applied to every currency here: cards 2.9 % + 30¢,
 * ACH Direct Debit 0.8 % capped at $5.00, SEPA Direct Debit a flat 0.35. The percentage is
 * rounded to the nearest minor unit, half up.
 */
const PRICES: Record<string, { bps: number; fixed: number; cap?: number }> = {
  card: { bps: 290, fixed: 30 },
  us_bank_account: { bps: 80, fixed: 0, cap: 500 },
  sepa_debit: { bps: 0, fixed: 35 },
};

export function processingFee(amount: number, method: string): number {
  const { bps, fixed, cap } = PRICES[method] ?? PRICES.card!;
  const fee = Math.floor((amount * bps + 5_000) / 10_000) + fixed;
  return cap === undefined ? fee : Math.min(fee, cap);
}

export function findCharge(id: string, store: StandInContext["store"], owner: Owner, param = "charge"): Stripe.Charge {
  const found = store.find<Stripe.Charge>(id, "charge", owner);
  if (!found) throw noSuch("charge", id, param);
  return found;
}

/** A balance transaction, what `expand[]=…balance_transaction` shows (amount, fee, net). */
export function newBalanceTransaction(ctx: StandInContext, owner: Owner, fields: { amount: number; fee: number; currency: string; source: string; type: Stripe.BalanceTransaction.Type; description?: string | null; exchangeRate?: number }): Stripe.BalanceTransaction {
  const created = nowSeconds();
  const txn = {
    id: stripeId("txn"),
    object: "balance_transaction",
    amount: fields.amount,
    available_on: created,
    balance_type: "payments",
    created,
    currency: fields.currency,
    description: fields.description ?? null,
    exchange_rate: fields.exchangeRate ?? null,
    fee: fields.fee,
    fee_details: fields.fee > 0 ? [{ amount: fields.fee, application: null, currency: fields.currency, description: "Stripe processing fees", type: "stripe_fee" }] : [],
    net: fields.amount - fields.fee,
    reporting_category: fields.type === "payment" ? "charge" : fields.type,
    source: fields.source,
    status: "available",
    type: fields.type,
  } satisfies Partial<Stripe.BalanceTransaction> as Stripe.BalanceTransaction;
  ctx.store.put(owner, txn);
  ctx.store.adjustAvailable(owner, fields.currency, txn.net);
  return txn;
}

/** The charge a PaymentIntent confirmation makes: paid (with its balance transaction) or declined. */
export function newCharge(ctx: StandInContext, owner: Owner, intent: Stripe.PaymentIntent, paymentMethod: Stripe.PaymentMethod, declineCode: string | null): Stripe.Charge {
  const id = stripeId("ch");
  const paid = declineCode === null;
  const conversion = paid ? ctx.failures.take("conversion", (c) => !c.customer || c.customer === intent.customer) : undefined;
  const rate = conversion?.rate ?? 1;
  const balanceTransaction = paid
    ? newBalanceTransaction(ctx, owner, {
        amount: Math.round(intent.amount * rate),
        fee: Math.round(processingFee(intent.amount, paymentMethod.type) * rate),
        currency: conversion ? (conversion.currency ?? "usd") : intent.currency,
        source: id,
        type: "charge",
        description: intent.description,
        ...(conversion ? { exchangeRate: rate } : {}),
      })
    : null;
  const charge = {
    id,
    object: "charge",
    amount: intent.amount,
    amount_captured: paid ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: balanceTransaction?.id ?? null,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: "REKOMI STAND-IN",
    captured: paid,
    created: nowSeconds(),
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: paid ? null : "card_declined",
    failure_message: paid ? null : declineMessage(declineCode),
    fraud_details: {},
    livemode: false,
    metadata: intent.metadata,
    on_behalf_of: null,
    outcome: paid
      ? { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: "approved_by_network", reason: null, risk_level: "normal", risk_score: 32, seller_message: "Payment complete.", type: "authorized" }
      : { advice_code: "try_again_later", network_advice_code: null, network_decline_code: null, network_status: "declined_by_network", reason: declineCode, risk_level: "normal", risk_score: 32, seller_message: "The bank did not return any further details with this decline.", type: "issuer_declined" },
    paid,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    payment_method_details: paymentMethodDetails(paymentMethod),
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: paid ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: intent.transfer_group,
  } satisfies Partial<Stripe.Charge> as Stripe.Charge;
  return ctx.store.put(owner, charge);
}

/** What the charge shows of the method: its type and, for a card, brand, last four and expiry. */
function paymentMethodDetails(paymentMethod: Stripe.PaymentMethod): Stripe.Charge.PaymentMethodDetails {
  const card = paymentMethod.card;
  const details = card ? { card: { brand: card.brand, country: card.country, exp_month: card.exp_month, exp_year: card.exp_year, funding: card.funding, last4: card.last4, network: card.brand } } : { [paymentMethod.type]: { last4: paymentMethod.us_bank_account?.last4 ?? paymentMethod.sepa_debit?.last4 ?? null } };
  return { type: paymentMethod.type, ...details } as Stripe.Charge.PaymentMethodDetails;
}

/** Stripe's customer-facing text for a decline code. */
export function declineMessage(declineCode: string | null): string {
  return declineCode === "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined.";
}

/** `GET /v1/charges/:id` (with `expand[]=balance_transaction` for Stripe's fee). */
export const chargeRoutes: Route[] = [{ method: "GET", path: "/v1/charges/:id", run: ({ path, owner }, { store }) => findCharge(path.id!, store, owner, "id") }];
