import type braintree from "braintree";
import { describe, expect, it } from "vitest";
import { normalizeBraintreeEvent } from "../../../../src/gateways/braintree/normalize";
import type { GatewayEvent } from "../../../../src/gateways/types";
import { CLICK_ID } from "./fixtures/common";
import { gateway, notification, sample, signXml, subscriptionXml, type ChargeOptions } from "./fixtures/braintree";

function normalized(payload: string): GatewayEvent {
  const result = normalizeBraintreeEvent(payload);
  if (!result.ok) throw new Error(`${result.param}: ${result.message}`);
  return result.event;
}

const charged = (transactions: ChargeOptions[], billingCycle?: number | null) =>
  signXml(notification("subscription_charged_successfully", subscriptionXml({ transactions, billingCycle })));

describe("Braintree subscription_charged_successfully", () => {
  it("is a sale from the latest transaction: decimal amount to minor units, customer, custom field click id", async () => {
    const signed = charged([{ id: "8k2m4p6q", amount: "49.99" }]);
    expect(normalized(signed.bt_payload)).toEqual({
      gateway: "braintree",
      external_event_id: "subscription_charged_successfully:8k2m4p6q",
      occurred_at: "2026-11-24T11:59:51.000Z",
      type: "sale",
      customer_external_id: "48213907",
      click_id: CLICK_ID,
      amount: 4999,
      currency: "USD",
      invoice_id: "8k2m4p6q",
      subscription_id: "rk8x2b",
      product_id: "pro-monthly",
      kind: "first_purchase",
    });
    // The SDK reads the same transaction from the same payload.
    const sdk = (await gateway.webhookNotification.parse(signed.bt_signature, signed.bt_payload)) as braintree.SubscriptionNotification;
    expect(sdk.subscription.transactions?.[0]).toMatchObject({ id: "8k2m4p6q", amount: "49.99", currencyIsoCode: "USD" });
  });

  it("is a renewal after the first billing cycle, taken from the most recent transaction", () => {
    const event = normalized(
      charged(
        [
          { id: "r3new4l", amount: "49.99", createdAt: "2026-11-24T11:59:51Z" },
          { id: "0ld3r1", amount: "49.99", createdAt: "2026-10-24T11:59:51Z" },
        ],
        3,
      ).bt_payload,
    );
    expect(event).toMatchObject({ type: "sale", kind: "renewal", invoice_id: "r3new4l", external_event_id: "subscription_charged_successfully:r3new4l" });
  });

  it("without current-billing-cycle, counts transactions to tell a first purchase from a renewal", () => {
    expect(normalized(charged([{ id: "a1", amount: "10.00" }], null).bt_payload)).toMatchObject({ kind: "first_purchase" });
    expect(normalized(charged([{ id: "a2", amount: "10.00" }, { id: "a1", amount: "10.00" }], null).bt_payload)).toMatchObject({ kind: "renewal" });
  });

  it("converts by the currency's exponent: JPY has none, KWD has three", () => {
    expect(normalized(charged([{ id: "jp1", amount: "5500", currency: "JPY" }]).bt_payload)).toMatchObject({ amount: 5500, currency: "JPY" });
    expect(normalized(charged([{ id: "kw1", amount: "12.5", currency: "kwd" }]).bt_payload)).toMatchObject({ amount: 12500, currency: "KWD" });
  });

  it("reads the custom field whether Braintree names it rk-click or rk_click, and skips foreign values", () => {
    const underscore = charged([{ id: "u1", amount: "1.00", customFields: `<rk_click>${CLICK_ID}</rk_click>` }]);
    expect(normalized(underscore.bt_payload)).toMatchObject({ click_id: CLICK_ID });
    const foreign = normalized(charged([{ id: "f1", amount: "1.00", customFields: "<rk-click>summer-sale</rk-click>" }]).bt_payload);
    expect(foreign).toMatchObject({ type: "sale" });
    expect(foreign).not.toHaveProperty("click_id");
  });

  it("ignores a zero-amount charge", () => {
    expect(normalized(charged([{ id: "z1", amount: "0.00" }]).bt_payload)).toMatchObject({ type: "ignored", reason: "zero-amount charge" });
  });
});

describe("Braintree other kinds", () => {
  it("dispute_opened (the SDK's own sample) is a chargeback of the disputed transaction", async () => {
    const signed = await sample("dispute_opened", "dsp_7h2k");
    expect(normalized(signed.bt_payload)).toMatchObject({
      type: "refund",
      reason: "chargeback",
      external_event_id: "dispute_opened:dsp_7h2k",
      refund_id: "dsp_7h2k",
      invoice_id: "dsp_7h2k",
      amount: 25000,
      currency: "USD",
    });
  });

  it("subscription_canceled is a cancellation; the customer comes from its transactions when there are any", async () => {
    const bare = normalized((await sample("subscription_canceled", "rk8x2b")).bt_payload);
    expect(bare).toMatchObject({ type: "cancellation", subscription_id: "rk8x2b", external_event_id: "subscription_canceled:rk8x2b" });
    expect(bare).not.toHaveProperty("customer_external_id");

    const full = signXml(notification("subscription_canceled", subscriptionXml({ status: "Canceled", transactions: [{ id: "8k2m4p6q", amount: "49.99" }] })));
    expect(normalized(full.bt_payload)).toMatchObject({ type: "cancellation", customer_external_id: "48213907", occurred_at: "2026-11-24T11:59:58.000Z" });
  });

  it("subscription_went_active binds the customer to the click as a lead", () => {
    const signed = signXml(notification("subscription_went_active", subscriptionXml({ transactions: [{ id: "8k2m4p6q", amount: "49.99" }] })));
    expect(normalized(signed.bt_payload)).toEqual({
      gateway: "braintree",
      external_event_id: "subscription_went_active:rk8x2b:8k2m4p6q",
      occurred_at: "2026-11-24T11:59:58.000Z",
      type: "lead",
      customer_external_id: "48213907",
      click_id: CLICK_ID,
      email: "ada@example.com",
    });
  });

  it("subscription_went_active without a transaction names no customer and is ignored", async () => {
    expect(normalized((await sample("subscription_went_active", "rk8x2b")).bt_payload)).toMatchObject({ type: "ignored" });
  });

  it("subscription_charged_unsuccessfully is ignored with the failed status", async () => {
    const event = normalized((await sample("subscription_charged_unsuccessfully", "rk8x2b")).bt_payload);
    expect(event).toMatchObject({ type: "ignored", external_event_id: "subscription_charged_unsuccessfully:rk8x2b" });
    expect(event.type === "ignored" && event.reason).toContain("status failed");
  });

  it("other kinds are ignored and named", async () => {
    const event = normalized((await sample("subscription_expired", "rk8x2b")).bt_payload);
    expect(event).toMatchObject({ type: "ignored", reason: "subscription_expired notifications are not used for attribution" });
  });
});
