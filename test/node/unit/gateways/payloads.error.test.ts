import { describe, expect, it } from "vitest";
import { normalizeBraintreeEvent } from "../../../../src/gateways/braintree/normalize";
import { normalizePaddleEvent } from "../../../../src/gateways/paddle/normalize";
import { normalizeStripeEvent } from "../../../../src/gateways/stripe/normalize";
import { notification, sample, signXml, subscriptionXml } from "./fixtures/braintree";
import { adjustment, paddleEvent, transaction } from "./fixtures/paddle";
import { invoice, refund, stripeEvent } from "./fixtures/stripe";

// A signed payload can still be a shape we cannot use: the edge answers with the error
// envelope naming `param`, never a 500, so each failure must say which field.

describe("Stripe payloads we cannot use", () => {
  it.each([
    ["not JSON", "{", "body"],
    ["a JSON array", "[]", "body"],
    ["no event id", JSON.stringify({ type: "invoice.paid", created: 1, data: { object: {} } }), "id"],
    ["no created time", JSON.stringify({ id: "evt_1", type: "invoice.paid", data: { object: {} } }), "created"],
  ])("%s → param %s", (_label, body, param) => {
    expect(normalizeStripeEvent(body)).toMatchObject({ ok: false, param });
  });

  it("names the nested field: amount_paid as a string, a currency that is not ISO", () => {
    const stringAmount = stripeEvent("invoice.paid", { ...invoice({ billingReason: "subscription_cycle", amountPaid: 4900 }), amount_paid: "49.00" });
    expect(normalizeStripeEvent(stringAmount.body)).toMatchObject({ ok: false, param: "data.object.amount_paid" });
    const badCurrency = stripeEvent("invoice.paid", { ...invoice({ billingReason: "subscription_cycle", amountPaid: 4900 }), currency: "dollars" });
    expect(normalizeStripeEvent(badCurrency.body)).toMatchObject({ ok: false, param: "data.object.currency" });
    const noCustomer = stripeEvent("invoice.paid", { ...invoice({ billingReason: "subscription_cycle", amountPaid: 4900 }), customer: null });
    expect(normalizeStripeEvent(noCustomer.body)).toMatchObject({ ok: false, param: "data.object.customer" });
  });

  it("refuses an amount ISO minor units cannot hold rather than rounding it: ISK at Stripe is always a multiple of 100", () => {
    const fractional = stripeEvent("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 490_050, currency: "isk" }));
    expect(normalizeStripeEvent(fractional.body)).toMatchObject({ ok: false, param: "data.object.amount_paid" });
    const huge = stripeEvent("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: Number.MAX_SAFE_INTEGER, currency: "mga" }));
    expect(normalizeStripeEvent(huge.body)).toMatchObject({ ok: false, param: "data.object.amount_paid" });
  });

  it("refuses a Unix time no date can hold (a safe integer past year 275760) rather than failing with a RangeError", () => {
    const created = JSON.stringify({ id: "evt_1", type: "invoice.paid", created: 9_000_000_000_000_000, data: { object: {} } });
    expect(normalizeStripeEvent(created)).toMatchObject({ ok: false, param: "created" });
    const trial = { id: "sub_1", object: "subscription", status: "trialing", customer: "cus_1", trial_end: 8_640_000_000_001 };
    const trialEnd = JSON.stringify({ id: "evt_2", type: "customer.subscription.created", created: Math.floor(Date.now() / 1000), data: { object: trial } });
    expect(normalizeStripeEvent(trialEnd)).toMatchObject({ ok: false, param: "data.object.trial_end" });
    const ended = JSON.stringify({ id: "evt_3", type: "customer.subscription.deleted", created: Math.floor(Date.now() / 1000), data: { object: { ...trial, status: "canceled", ended_at: 8_640_000_000_001 } } });
    expect(normalizeStripeEvent(ended)).toMatchObject({ ok: false, param: "data.object.ended_at" });
  });

  it("refuses a succeeded refund that names no payment", () => {
    const orphan = stripeEvent("refund.created", { ...refund({ id: "re_3QfXOrphan0001", amount: 100, paymentIntent: null }), charge: null });
    expect(normalizeStripeEvent(orphan.body)).toMatchObject({ ok: false, param: "data.object.charge" });
  });
});

describe("Paddle payloads we cannot use", () => {
  it("refuses a grand total that is not whole minor units", () => {
    const { body } = paddleEvent("transaction.completed", transaction({ origin: "web", grandTotal: "49.99" }));
    expect(normalizePaddleEvent(body)).toMatchObject({ ok: false, param: "data.details.totals.grand_total" });
  });

  it("refuses an approved refund without a transaction, and an event without an id", () => {
    const { body } = paddleEvent("adjustment.updated", { ...adjustment({ action: "refund", status: "approved", total: "100" }), transaction_id: null });
    expect(normalizePaddleEvent(body)).toMatchObject({ ok: false, param: "data.transaction_id" });
    expect(normalizePaddleEvent(JSON.stringify({ event_type: "transaction.completed", occurred_at: "2026-11-24T12:00:00Z", data: {} }))).toMatchObject({
      ok: false,
      param: "event_id",
    });
  });

  it("refuses an occurred_at that is not a time", () => {
    const body = JSON.stringify({ event_id: "evt_1", event_type: "customer.updated", occurred_at: "yesterday", data: {} });
    expect(normalizePaddleEvent(body)).toMatchObject({ ok: false, param: "occurred_at" });
  });
});

describe("Braintree payloads we cannot use", () => {
  it("refuses the SDK's bare charge sample, which has no currency to convert its amount with", async () => {
    const signed = await sample("subscription_charged_successfully", "rk8x2b");
    expect(normalizeBraintreeEvent(signed.bt_payload)).toMatchObject({ ok: false, param: "transaction.currency-iso-code" });
  });

  it("refuses an amount the currency cannot hold rather than rounding it", () => {
    const xml = notification("subscription_charged_successfully", subscriptionXml({ transactions: [{ id: "t1", amount: "49.995" }] }));
    expect(normalizeBraintreeEvent(signXml(xml).bt_payload)).toMatchObject({ ok: false, param: "transaction.amount" });
  });

  it.each([
    ["not base64", "%%%", "bt_payload"],
    ["base64 of bytes that are not UTF-8", Buffer.from([0xff, 0xfe, 0x00]).toString("base64"), "bt_payload"],
    ["base64 of text that is not XML", Buffer.from("hello").toString("base64"), "bt_payload"],
    ["a DOCTYPE", Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><notification/>').toString("base64"), "bt_payload"],
    ["another root element", Buffer.from("<subscription/>").toString("base64"), "bt_payload"],
    ["no kind", Buffer.from("<notification><timestamp>2026-11-24T12:00:00Z</timestamp></notification>").toString("base64"), "notification.kind"],
    ["no timestamp", Buffer.from("<notification><kind>check</kind></notification>").toString("base64"), "notification.timestamp"],
  ])("refuses %s", (_label, payload, param) => {
    expect(normalizeBraintreeEvent(payload)).toMatchObject({ ok: false, param });
  });
});

describe("the S2S rules apply to gateway events too", () => {
  const paid = () => ({ ...invoice({ billingReason: "subscription_cycle", amountPaid: 4900 }) });

  it("refuses text Postgres cannot store anywhere in the normalized event", () => {
    for (const bad of ["cus_\u0000x", "cus_\ud800"]) {
      const result = normalizeStripeEvent(stripeEvent("invoice.paid", { ...paid(), customer: bad }).body);
      expect(result).toMatchObject({ ok: false, param: "customer_external_id" });
    }
  });

  it("refuses a currency that is not ISO 4217 and a time before 2000", () => {
    expect(normalizeStripeEvent(stripeEvent("invoice.paid", { ...paid(), currency: "xyz" }).body)).toMatchObject({ ok: false, param: "data.object.currency" });
    const old = JSON.parse(stripeEvent("invoice.paid", paid()).body) as Record<string, unknown>;
    const ancient = { ...old, created: Date.UTC(1999, 11, 31) / 1000, data: { object: { ...(old.data as { object: Record<string, unknown> }).object, status_transitions: {} } } };
    expect(normalizeStripeEvent(JSON.stringify(ancient))).toMatchObject({ ok: false, param: "occurred_at" });
  });
});
