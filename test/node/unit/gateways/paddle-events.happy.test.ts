import { TransactionCompletedEvent } from "@paddle/paddle-node-sdk";
import { describe, expect, it } from "vitest";
import { normalizePaddleEvent } from "../../../../src/gateways/paddle/normalize";
import type { GatewayEvent } from "../../../../src/gateways/types";
import { CLICK_ID } from "./fixtures/common";
import { adjustment, CUSTOMER, paddleEvent, paddleParsed, PRODUCT, subscription, SUBSCRIPTION, transaction, TRANSACTION } from "./fixtures/paddle";

const PRICE = "pri_01gsz8x8sawmvhz1pv30nge1ke";

/** Every body goes through Paddle's SDK first (signature check and parse), then through our normalizer. */
async function normalized(eventType: string, data: object): Promise<{ id: string; event: GatewayEvent }> {
  const { id, body } = paddleEvent(eventType, data);
  expect(await paddleParsed(body)).toMatchObject({ eventId: id, eventType });
  const result = normalizePaddleEvent(body);
  if (!result.ok) throw new Error(`${result.param}: ${result.message}`);
  return { id, event: result.event };
}

describe("Paddle transaction.completed", () => {
  it("is a sale read the way Paddle's own SDK reads the same payload, the transaction being its payment", async () => {
    const { id, body } = paddleEvent("transaction.completed", transaction({ origin: "web", grandTotal: "4999" }));
    const sdk = await paddleParsed(body);
    expect(sdk).toBeInstanceOf(TransactionCompletedEvent);
    const sdkTransaction = (sdk as TransactionCompletedEvent).data;

    expect(normalizePaddleEvent(body)).toEqual({
      ok: true,
      event: {
        gateway: "paddle",
        external_event_id: id,
        occurred_at: "2026-11-24T11:59:57.294Z",
        // Paddle payloads carry no mode: the connection's decides.
        livemode: true,
        type: "sale",
        customer_external_id: CUSTOMER,
        click_id: CLICK_ID,
        amount: 4999,
        currency: "USD",
        invoice_id: TRANSACTION,
        payment_id: TRANSACTION,
        subscription_id: SUBSCRIPTION,
        product_id: PRODUCT,
        price_id: PRICE,
        kind: "first_purchase",
      },
    });
    expect(sdkTransaction.details?.totals?.grandTotal).toBe("4999");
    expect(sdkTransaction.customerId).toBe(CUSTOMER);
    expect(sdkTransaction.items[0]?.price?.productId).toBe(PRODUCT);
  });

  it("maps origin to the kind of sale; a checkout without a subscription is one_time", async () => {
    const kind = async (origin: Parameters<typeof transaction>[0]["origin"], options: { prorated?: boolean; subscriptionId?: null } = {}) => {
      const { event } = await normalized("transaction.completed", transaction({ origin, grandTotal: "2500", ...options }));
      return event.type === "sale" ? event.kind : event.type;
    };
    expect(await kind("web")).toBe("first_purchase");
    expect(await kind("api")).toBe("first_purchase");
    expect(await kind("web", { subscriptionId: null })).toBe("one_time");
    expect(await kind("subscription_recurring")).toBe("renewal");
    expect(await kind("subscription_update")).toBe("upgrade");
    expect(await kind("subscription_update", { prorated: true })).toBe("proration");
    expect(await kind("subscription_charge")).toBe("upgrade");
    expect(await kind("subscription_payment_method_change")).toBe("ignored");
  });

  it("names the discount the transaction used as its promotion code", async () => {
    const { event } = await normalized("transaction.completed", transaction({ origin: "web", grandTotal: "3999", discountId: "dsc_01jd8ada20creator0000000" }));
    expect(event).toMatchObject({ type: "sale", promo_code: "dsc_01jd8ada20creator0000000" });
  });

  it("keeps minor units as sent, whatever the currency's exponent", async () => {
    const { event } = await normalized("transaction.completed", transaction({ origin: "subscription_recurring", grandTotal: "5500", currency: "JPY" }));
    expect(event).toMatchObject({ type: "sale", amount: 5500, currency: "JPY" });
  });

  it("ignores the zero-amount transaction that starts a trial", async () => {
    const { event } = await normalized("transaction.completed", transaction({ origin: "web", grandTotal: "0" }));
    expect(event).toMatchObject({ type: "ignored", reason: "zero-amount transaction" });
  });

  it("carries no click id when custom_data has none, or has someone else's value", async () => {
    for (const customData of [null, { rk_click: "not-a-click" }, { order: "A-17" }]) {
      const { event } = await normalized("transaction.completed", transaction({ origin: "web", grandTotal: "4999", customData }));
      expect(event).toMatchObject({ type: "sale", customer_external_id: CUSTOMER });
      expect(event).not.toHaveProperty("click_id");
    }
  });
});

describe("Paddle adjustments", () => {
  it("an approved full refund is a refund of the transaction, keyed by the adjustment", async () => {
    const { id, event } = await normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", type: "full", total: "4999" }));
    expect(event).toEqual({
      gateway: "paddle",
      external_event_id: id,
      occurred_at: "2026-11-24T11:59:58.621Z",
      livemode: true,
      type: "refund",
      invoice_id: TRANSACTION,
      payment_id: TRANSACTION,
      refund_id: "adj_01jd9a2b3c4d5e6f7g8h9j0k1m",
      amount: 4999,
      currency: "USD",
      partial: false,
    });
  });

  it("a partial refund says so, from the adjustment's type or, in older payloads, its items", async () => {
    expect((await normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", type: "partial", total: "1000" }))).event).toMatchObject({
      partial: true,
      amount: 1000,
    });
    expect((await normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", itemType: "partial", total: "1000" }))).event).toMatchObject({ partial: true });
    expect((await normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", itemType: "full", total: "4999" }))).event).toMatchObject({ partial: false });
  });

  it("a chargeback opens a dispute and its reversal wins it: two adjustments tied by their transaction", async () => {
    const opened = await normalized("adjustment.created", adjustment({ action: "chargeback", status: "approved", type: "full", total: "4999" }));
    expect(opened.event).toMatchObject({ type: "dispute", phase: "opened", dispute_id: TRANSACTION, payment_id: TRANSACTION, invoice_id: TRANSACTION, amount: 4999 });
    const reversed = await normalized(
      "adjustment.created",
      adjustment({ id: "adj_01jdr3v3rs3ch4rg3b4ck00000", action: "chargeback_reverse", status: "approved", type: "full", total: "4999" }),
    );
    expect(reversed.event).toMatchObject({ type: "dispute", phase: "won", dispute_id: TRANSACTION, amount: 4999 });
  });

  it("a chargeback warning (early fraud notice), a pending or rejected refund and credits change nothing", async () => {
    expect((await normalized("adjustment.created", adjustment({ action: "chargeback_warning", status: "approved", total: "4999" }))).event.type).toBe("ignored");
    expect((await normalized("adjustment.created", adjustment({ action: "refund", status: "pending_approval", total: "4999" }))).event).toMatchObject({
      type: "ignored",
      reason: "the refund is pending_approval, not approved",
    });
    expect((await normalized("adjustment.updated", adjustment({ action: "refund", status: "rejected", total: "4999" }))).event.type).toBe("ignored");
    expect((await normalized("adjustment.created", adjustment({ action: "credit", status: "approved", total: "4999" }))).event.type).toBe("ignored");
  });
});

describe("Paddle subscriptions", () => {
  it("subscription.canceled is a cancellation at canceled_at", async () => {
    const { event } = await normalized("subscription.canceled", subscription({ status: "canceled", canceledAt: "2026-11-24T11:30:00Z" }));
    expect(event).toMatchObject({ type: "cancellation", customer_external_id: CUSTOMER, subscription_id: SUBSCRIPTION, occurred_at: "2026-11-24T11:30:00.000Z" });
  });

  it("a trial starts once: subscription.created is the trial_started, the subscription.trialing sent with it is ignored", async () => {
    const trialing = subscription({ status: "trialing", trialEndsAt: "2026-12-08T11:59:57Z" });
    const { event } = await normalized("subscription.created", trialing);
    expect(event).toMatchObject({
      type: "trial_started",
      customer_external_id: CUSTOMER,
      subscription_id: SUBSCRIPTION,
      click_id: CLICK_ID,
      trial_ends_at: "2026-12-08T11:59:57.000Z",
    });
    expect((await normalized("subscription.trialing", trialing)).event).toMatchObject({ type: "ignored", reason: expect.stringContaining("subscription.created") });
  });

  it("subscription.created without a trial is ignored (its transaction is the sale)", async () => {
    expect((await normalized("subscription.created", subscription({ status: "active" }))).event.type).toBe("ignored");
  });

  it("other events are ignored with their name", async () => {
    expect((await normalized("customer.updated", { id: CUSTOMER, name: "Ada", email: "ada@example.com", status: "active" })).event).toMatchObject({
      type: "ignored",
      reason: "customer.updated events are not used for attribution",
    });
  });
});
