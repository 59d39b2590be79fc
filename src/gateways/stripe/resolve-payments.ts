import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { stripeClient, stripeErrorType } from "../../gateway-connections/remote/stripe";
import { openConnectionSecret, type StripeCredentials } from "../../gateway-connections/secrets";
import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { conversions, gatewayConnections, trackingEvents } from "../../infra/db/schema";
import type { AcceptedEvent } from "../../infra/queues/messages";

/**
 * Links Stripe sales to the payments their refunds and disputes name (app worker only: the
 * edge never loads the Stripe SDK). Since API version 2025-03-31.basil an invoice names its
 * payments only in `payments`, an includable field that `invoice.paid` payloads lack, and
 * refund and dispute objects name only the payment (`pi_…`). So before a brand's events are
 * recorded, Stripe's Invoice Payments API fills in what the payload left out:
 * a sale's `payment_id` (`GET /v1/invoice_payments?invoice=in_…`) and a refund's or
 * dispute's `invoice_id` (`…?payment[type]=payment_intent&payment[payment_intent]=pi_…`).
 *
 * Called outside any transaction (no network call holds a database lock). The link is the
 * gateway's answer to our own call with the connection's key, never taken from the sender.
 * A key that may not read invoice payments (or an object Stripe does not know) leaves the
 * event as it came, with the reason in `payment_lookup` for its trail; a transient Stripe
 * failure throws `StripeUnavailable`, so the consumer retries the message.
 */

type Config = Pick<AppConfig, "SECRETS_ENCRYPTION_KEY" | "STRIPE_API_URL">;

/** Stripe could not answer now (5xx, rate limit, network): another attempt may. */
class StripeUnavailable extends Error {}

/** What one event lacks: a sale its payment, a refund or dispute its invoice. */
function lookupOf(event: AcceptedEvent): { find: "payment"; invoice: string } | { find: "invoice"; paymentIntent: string } | null {
  if (event.source !== "stripe" || !event.connection) return null;
  const data = event.data;
  if (event.type === "sale" && data.payment_id === undefined && typeof data.invoice_id === "string" && data.invoice_id.startsWith("in_")) return { find: "payment", invoice: data.invoice_id };
  // Invoice payments are filtered by PaymentIntent only; a bare charge (`ch_…`, pre-PaymentIntent) cannot be looked up.
  if ((event.type === "refund" || event.type === "dispute") && data.invoice_id == null && typeof data.payment_id === "string" && data.payment_id.startsWith("pi_")) return { find: "invoice", paymentIntent: data.payment_id };
  return null;
}

interface Connection {
  id: string;
  livemode: boolean;
  accountId: string | null;
  connect: boolean;
  credentialsCiphertext: string | null;
}

/** What the lookups need, read in one short transaction under the brand's principal. */
async function context(db: Db, brandId: string, pending: AcceptedEvent[]) {
  return withBrand(db, brandId, async (tx) => {
    // A redelivered event is a no-op downstream: no need to ask Stripe again.
    const recorded = await tx.select({ id: trackingEvents.id }).from(trackingEvents).where(inArray(trackingEvents.id, pending.map((e) => e.id)));
    // A refund or dispute whose sale is already recorded with that payment links without help.
    const paymentIds = pending.filter((e) => e.type !== "sale").map((e) => e.data.payment_id as string);
    const sold = paymentIds.length === 0 ? [] : await tx.select({ paymentId: conversions.paymentId }).from(conversions).where(and(eq(conversions.brandId, brandId), eq(conversions.type, "sale"), inArray(conversions.paymentId, paymentIds)));
    const connections: Connection[] = await tx
      .select({ id: gatewayConnections.id, livemode: gatewayConnections.livemode, accountId: gatewayConnections.accountId, connect: gatewayConnections.connect, credentialsCiphertext: gatewayConnections.credentialsCiphertext })
      .from(gatewayConnections)
      .where(inArray(gatewayConnections.id, [...new Set(pending.map((e) => e.connection!))]));
    return { recorded: new Set(recorded.map((r) => r.id)), sold: new Set(sold.map((s) => s.paymentId)), connections: new Map(connections.map((c) => [c.id, c])) };
  });
}

/** `events` of one brand with what Stripe says they lack filled in (the others unchanged). */
export async function resolveStripePayments(db: Db, config: Config, brandId: string, events: AcceptedEvent[]): Promise<AcceptedEvent[]> {
  const pending = events.filter((e) => lookupOf(e) !== null);
  if (pending.length === 0) return events;
  const { recorded, sold, connections } = await context(db, brandId, pending);
  // One client per connection, for this call only: nothing is shared across brands.
  const clients = new Map<string, Promise<Stripe | string>>();
  const resolved = new Map<string, AcceptedEvent>();
  for (const event of pending) {
    const lookup = lookupOf(event)!;
    const connection = connections.get(event.connection!);
    if (!connection || recorded.has(event.id) || (lookup.find === "invoice" && sold.has(lookup.paymentIntent))) continue;
    // Another account's or mode's event is not recorded as a conversion (src/attribution/events.ts): nothing to ask.
    const account = typeof event.data.account === "string" ? event.data.account : undefined;
    // A Connect platform's events name its connected accounts: asked on that account (`Stripe-Account`).
    if ((!connection.connect && account && connection.accountId && account !== connection.accountId) || (typeof event.data.livemode === "boolean" && event.data.livemode !== connection.livemode)) continue;
    if (!clients.has(connection.id)) clients.set(connection.id, clientFor(config, brandId, connection));
    const client = await clients.get(connection.id)!;
    const found = typeof client === "string" ? { note: client } : await ask(client, lookup, account);
    // Written into the event's data, so the tracking event shows it: Stripe's answer to our call, not the sender's word.
    resolved.set(event.id, { ...event, data: { ...event.data, ...found.fields, ...(found.note ? { payment_lookup: found.note } : {}) } });
  }
  return events.map((e) => resolved.get(e.id) ?? e);
}

/** The connection's client, or why there is none. */
async function clientFor(config: Config, brandId: string, connection: Connection): Promise<Stripe | string> {
  if (!connection.credentialsCiphertext) return "the connection keeps no Stripe API key to look up invoice payments with";
  try {
    const sealed = await openConnectionSecret(config.SECRETS_ENCRYPTION_KEY, connection.credentialsCiphertext, connection.id, brandId, "credentials");
    const { api_key } = JSON.parse(sealed) as StripeCredentials;
    return await stripeClient(config.STRIPE_API_URL, api_key);
  } catch {
    // Never the error's text: it could quote the secret.
    return "the connection's Stripe API key could not be opened";
  }
}

async function ask(stripe: Stripe, lookup: NonNullable<ReturnType<typeof lookupOf>>, account: string | undefined): Promise<{ fields?: Record<string, string>; note?: string }> {
  const options = account ? { stripeAccount: account } : {};
  try {
    if (lookup.find === "payment") {
      const { data } = await stripe.invoicePayments.list({ invoice: lookup.invoice, status: "paid", limit: 10 }, options);
      const paid = data.find((p) => p.is_default) ?? data[0];
      const payment = paid?.payment.payment_intent ?? paid?.payment.charge;
      if (!payment) return { note: `Stripe lists no paid payment for invoice ${lookup.invoice}` };
      return { fields: { payment_id: typeof payment === "string" ? payment : payment.id } };
    }
    const { data } = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: lookup.paymentIntent }, limit: 1 }, options);
    const invoice = data[0]?.invoice;
    // No invoice payment: a payment outside invoices (a one-time Checkout), whose sale names the payment itself.
    if (!invoice) return {};
    return { fields: { invoice_id: typeof invoice === "string" ? invoice : invoice.id! } };
  } catch (error) {
    const type = stripeErrorType(error);
    if (type === "StripePermissionError" || type === "StripeAuthenticationError") {
      return { note: "Stripe refused to list invoice payments with this connection's API key: give the restricted key read access to Invoices and Invoice Payments" };
    }
    if (type === "StripeInvalidRequestError") return { note: `Stripe refused the invoice payments lookup: ${(error as Error).message}` };
    throw new StripeUnavailable(`Stripe could not list invoice payments now: ${(error as Error).message}`);
  }
}
