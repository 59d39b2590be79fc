import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SaleEvent } from "../../../src/gateways/types";
import { randomBase62 } from "../../../src/infra/crypto";
import { seller } from "../support/commissions";
import { restrictStripeKey, stripeKey, stripeRequests } from "../support/gateway-connections";
import { MAX_ATTEMPTS } from "../../../src/infra/jobs/retry";
import { commissionRows, connectGateway, conversionRows, deliver, gatewayEvent, gatewayMessage, trackingEventRows } from "../support/gateway-events";
import { clickAt, consume, daysAgo } from "../support/tracking";

/**
 * Stripe since API version 2025-03-31.basil: `invoice.paid` payloads carry no payment
 * (`payments` is includable, so absent), and refunds and disputes name only `pi_…`. The
 * events consumer asks Stripe's Invoice Payments API (here the stand-in at STRIPE_API_URL,
 * with the connection's own sealed key) for the link, so they still find their sale.
 */

const LIFETIME_20 = { type: "percentage", rate_bps: 2000, currency: "USD", duration: "lifetime", duration_months: null };

/** A brand with a test-mode Stripe connection holding `key`, and a customer's click of its creator. */
async function shop(key = stripeKey()) {
  const s = await seller(LIFETIME_20);
  const connection = await connectGateway(s.brand, "stripe", false, null, key);
  const click = await clickAt(s.linkId, daysAgo(1));
  return { s, connection, click, key };
}

/** A fresh invoice and the PaymentIntent that paid it, as Stripe records it (an invoice payment). */
async function paidAtStripe(amount: number) {
  const ids = { invoice: `in_${randomBase62(14)}`, payment: `pi_${randomBase62(14)}` };
  const res = await fetch(`${env.STRIPE_API_URL}/_stand-in/control/invoice-payments`, { method: "POST", body: JSON.stringify({ invoice: ids.invoice, payment_intent: ids.payment, amount, currency: "usd" }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return ids;
}

type Shop = Awaited<ReturnType<typeof shop>>;

/** `invoice.paid` as normalized from a basil payload: an invoice id, no payment id. */
const invoicePaid = (shop: Shop, invoice: string, amount: number): SaleEvent =>
  gatewayEvent("stripe", "sale", { customer_external_id: `cus_${invoice}`, click_id: shop.click, amount, currency: "USD", invoice_id: invoice, kind: "first_purchase", livemode: false });
const refunded = (payment: string, refund: string, amount: number) =>
  gatewayEvent("stripe", "refund", { invoice_id: null, payment_id: payment, refund_id: refund, amount, currency: "USD", livemode: false });
const disputeOpened = (payment: string, dispute: string, amount: number) =>
  gatewayEvent("stripe", "dispute", { phase: "opened", dispute_id: dispute, invoice_id: null, payment_id: payment, amount, currency: "USD", livemode: false });

const lookupsOf = async (param: "invoice" | "payment", id: string) =>
  (await stripeRequests()).filter((r) => r.path === "/v1/invoice_payments" && (param === "invoice" ? r.params.invoice === id : (r.params.payment as { payment_intent?: string } | undefined)?.payment_intent === id));

describe("Stripe basil: payments resolved through the Invoice Payments API", () => {
  it("a sale without its payment gets it from Stripe, and a refund naming only pi_… reverses its commission", async () => {
    const shop_ = await shop();
    const { s } = shop_;
    const ids = await paidAtStripe(5000);
    await deliver(s.brand, shop_.connection, invoicePaid(shop_, ids.invoice, 5000));
    const [sale] = (await conversionRows(s.brand.brandId)).filter((c) => c.type === "sale");
    expect(sale).toMatchObject({ invoiceId: ids.invoice, paymentId: ids.payment, affiliateId: s.affiliateId, livemode: false });
    // The tracking event shows the resolved link (resolved from Stripe, not sent by the caller).
    const [event] = (await trackingEventRows(s.brand.brandId)).filter((e) => e.type === "sale");
    expect(event!.payload).toMatchObject({ invoice_id: ids.invoice, payment_id: ids.payment });
    expect(await lookupsOf("invoice", ids.invoice)).toHaveLength(1);

    await deliver(s.brand, shop_.connection, refunded(ids.payment, `re_${randomBase62(10)}`, 5000));
    const [refund] = (await conversionRows(s.brand.brandId)).filter((c) => c.type === "refund");
    expect(refund).toMatchObject({ saleId: sale!.id, invoiceId: ids.invoice, paymentId: ids.payment, affiliateId: s.affiliateId, kind: "full" });
    // Its sale was recorded with that payment: no call was needed for the refund.
    expect(await lookupsOf("payment", ids.payment)).toEqual([]);
    const commissions = await commissionRows(s.brand.brandId);
    expect(commissions.map((c) => [c.kind, c.amount, c.conversionId]).sort()).toEqual([
      ["earning", 1000, sale!.id],
      ["reversal", -1000, refund!.id],
    ]);
  });

  it("a dispute naming only pi_… of a sale recorded without its payment finds the sale through its invoice", async () => {
    // A sale recorded while the key could not read invoice payments, then the permission granted.
    const key = stripeKey();
    await restrictStripeKey(key, ["webhook_endpoints"]);
    const shop_ = await shop(key);
    const { s } = shop_;
    const ids = await paidAtStripe(4000);
    await deliver(s.brand, shop_.connection, invoicePaid(shop_, ids.invoice, 4000));
    await restrictStripeKey(key, ["webhook_endpoints", "invoices", "invoice_payments"]);

    const dispute = `du_${randomBase62(10)}`;
    await deliver(s.brand, shop_.connection, disputeOpened(ids.payment, dispute, 4000));
    const rows = await conversionRows(s.brand.brandId);
    const sale = rows.find((c) => c.type === "sale");
    expect(sale).toMatchObject({ paymentId: null });
    expect(rows.find((c) => c.type === "dispute")).toMatchObject({ referenceId: dispute, kind: "opened", saleId: sale!.id, invoiceId: ids.invoice, paymentId: ids.payment, affiliateId: s.affiliateId });
    expect(await lookupsOf("payment", ids.payment)).toHaveLength(1);
    const reversal = (await commissionRows(s.brand.brandId)).find((c) => c.kind === "reversal");
    expect(reversal).toMatchObject({ amount: -800 });
  });

  it("a refund that arrives first is recorded with its invoice, and follows the sale when it arrives", async () => {
    const shop_ = await shop();
    const { s } = shop_;
    const ids = await paidAtStripe(3000);
    await deliver(s.brand, shop_.connection, refunded(ids.payment, `re_${randomBase62(10)}`, 1000));
    const [early] = (await conversionRows(s.brand.brandId)).filter((c) => c.type === "refund");
    expect(early).toMatchObject({ saleId: null, invoiceId: ids.invoice, paymentId: ids.payment, attribution: { via: null, reason: "sale_not_found" } });

    await deliver(s.brand, shop_.connection, invoicePaid(shop_, ids.invoice, 3000));
    const rows = await conversionRows(s.brand.brandId);
    const sale = rows.find((c) => c.type === "sale");
    expect(sale).toMatchObject({ paymentId: ids.payment, affiliateId: s.affiliateId });
    expect(rows.find((c) => c.type === "refund")).toMatchObject({ saleId: sale!.id, affiliateId: s.affiliateId, kind: "partial", amount: 1000 });
    const commissions = await commissionRows(s.brand.brandId);
    expect(commissions.filter((c) => c.kind === "reversal").map((c) => c.amount)).toEqual([-200]);
  });

  it("a key that may not read invoice payments: the sale is recorded without its payment, and the trail says why", async () => {
    const key = stripeKey();
    await restrictStripeKey(key, ["webhook_endpoints"]);
    const shop_ = await shop(key);
    const { s } = shop_;
    const ids = await paidAtStripe(2500);
    await deliver(s.brand, shop_.connection, invoicePaid(shop_, ids.invoice, 2500));
    const [sale] = await conversionRows(s.brand.brandId);
    expect(sale).toMatchObject({ type: "sale", invoiceId: ids.invoice, paymentId: null, affiliateId: s.affiliateId, amount: 2500 });
    expect(sale!.trail).toContain("its payment link was not looked up: Stripe refused to list invoice payments with this connection's API key");
    expect((await trackingEventRows(s.brand.brandId))[0]!.payload).toMatchObject({ type: "sale", payment_lookup: expect.stringContaining("read access to Invoices") });
    expect((await commissionRows(s.brand.brandId)).map((c) => [c.kind, c.amount])).toEqual([["earning", 500]]);
    expect((await lookupsOf("invoice", ids.invoice)).map((r) => r.status)).toEqual([403]);
  });

  it("a redelivered refund is a no-op, and Stripe is not asked again", async () => {
    const shop_ = await shop();
    const { s } = shop_;
    const ids = await paidAtStripe(6000);
    const refund = refunded(ids.payment, `re_${randomBase62(10)}`, 6000);
    await deliver(s.brand, shop_.connection, refund);
    await deliver(s.brand, shop_.connection, refund, 2);
    expect((await conversionRows(s.brand.brandId)).filter((c) => c.type === "refund")).toHaveLength(1);
    expect(await lookupsOf("payment", ids.payment)).toHaveLength(1);
  });

  it("a connection without an API key records the sale as sent, saying why no link was looked up", async () => {
    const s = await seller(LIFETIME_20);
    const connection = await connectGateway(s.brand, "stripe", false);
    const ids = await paidAtStripe(1000);
    const sale = gatewayEvent("stripe", "sale", { customer_external_id: "cus_nokey", amount: 1000, currency: "USD", invoice_id: ids.invoice, kind: "first_purchase", livemode: false });
    await deliver(s.brand, connection, sale);
    const [row] = await conversionRows(s.brand.brandId);
    expect(row).toMatchObject({ paymentId: null, invoiceId: ids.invoice });
    expect(row!.trail).toContain("the connection keeps no Stripe API key");
    expect(await lookupsOf("invoice", ids.invoice)).toEqual([]);
  });

  it("Stripe unreachable: the message is retried, not recorded without its link; on the last attempt it is recorded as sent", async () => {
    const shop_ = await shop();
    const { s } = shop_;
    const down = { ...env, STRIPE_API_URL: "http://127.0.0.1:1" };
    const ids = await paidAtStripe(2000);
    const message = await gatewayMessage(s.brand.brandId, shop_.connection, invoicePaid(shop_, ids.invoice, 2000));
    const failed = await consume("rekomi-events", [message], { env: down });
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages).toHaveLength(1);
    expect(await conversionRows(s.brand.brandId)).toEqual([]);

    const retried = await consume("rekomi-events", [message], { attempts: 2 });
    expect(retried.explicitAcks).toHaveLength(1);
    expect((await conversionRows(s.brand.brandId))[0]).toMatchObject({ invoiceId: ids.invoice, paymentId: ids.payment });

    // Never looping forever: the last attempt records the event without the link.
    const late = await paidAtStripe(2000);
    const last = await consume("rekomi-events", [await gatewayMessage(s.brand.brandId, shop_.connection, invoicePaid(shop_, late.invoice, 2000))], { env: down, attempts: MAX_ATTEMPTS });
    expect(last.explicitAcks).toHaveLength(1);
    expect(last.retryMessages).toEqual([]);
    expect((await conversionRows(s.brand.brandId)).find((c) => c.invoiceId === late.invoice)).toMatchObject({ paymentId: null, affiliateId: s.affiliateId });
  });
});
