import { TransactionCompletedEvent, Webhooks } from "@paddle/paddle-node-sdk";
import { describe, expect, it } from "vitest";
import { normalizePaddleEvent } from "../../../../src/gateways/paddle/normalize";
import type { GatewayEvent } from "../../../../src/gateways/types";
import { CLICK_ID } from "./fixtures/common";
import { adjustment, CUSTOMER, paddleEvent, PRODUCT, subscription, SUBSCRIPTION, transaction, TRANSACTION } from "./fixtures/paddle";

function normalized(eventType: string, data: object): { id: string; event: GatewayEvent } {
  const { id, body } = paddleEvent(eventType, data);
  const result = normalizePaddleEvent(body);
  if (!result.ok) throw new Error(`${result.param}: ${result.message}`);
  return { id, event: result.event };
}

describe("Paddle transaction.completed", () => {
  it("is a sale read the way Paddle's own SDK reads the same payload", () => {
    const { id, body } = paddleEvent("transaction.completed", transaction({ origin: "web", grandTotal: "4999" }));
    const sdk = Webhooks.fromJson(JSON.parse(body));
    expect(sdk).toBeInstanceOf(TransactionCompletedEvent);
    const sdkTransaction = (sdk as TransactionCompletedEvent).data;

    const result = normalizePaddleEvent(body);
    expect(result).toEqual({
      ok: true,
      event: {
        gateway: "paddle",
        external_event_id: id,
        occurred_at: "2026-11-24T11:59:57.294Z",
        type: "sale",
        customer_external_id: CUSTOMER,
        click_id: CLICK_ID,
        amount: 4999,
        currency: "USD",
        invoice_id: TRANSACTION,
        subscription_id: SUBSCRIPTION,
        product_id: PRODUCT,
        kind: "first_purchase",
      },
    });
    expect(sdkTransaction.details?.totals?.grandTotal).toBe("4999");
    expect(sdkTransaction.customerId).toBe(CUSTOMER);
    expect(sdkTransaction.items[0]?.price?.productId).toBe(PRODUCT);
  });

  it("maps origin to the kind of sale", () => {
    const kind = (origin: Parameters<typeof transaction>[0]["origin"], prorated = false) => {
      const { event } = normalized("transaction.completed", transaction({ origin, grandTotal: "2500", prorated }));
      return event.type === "sale" ? event.kind : event.type;
    };
    expect(kind("web")).toBe("first_purchase");
    expect(kind("api")).toBe("first_purchase");
    expect(kind("subscription_recurring")).toBe("renewal");
    expect(kind("subscription_update")).toBe("upgrade");
    expect(kind("subscription_update", true)).toBe("proration");
    expect(kind("subscription_charge")).toBe("upgrade");
    expect(kind("subscription_payment_method_change")).toBe("ignored");
  });

  it("keeps minor units as sent, whatever the currency's exponent", () => {
    const { event } = normalized("transaction.completed", transaction({ origin: "subscription_recurring", grandTotal: "5500", currency: "JPY" }));
    expect(event).toMatchObject({ type: "sale", amount: 5500, currency: "JPY" });
  });

  it("ignores the zero-amount transaction that starts a trial", () => {
    const { event } = normalized("transaction.completed", transaction({ origin: "web", grandTotal: "0" }));
    expect(event).toMatchObject({ type: "ignored", reason: "zero-amount transaction" });
  });

  it("carries no click id when custom_data has none, or has someone else's value", () => {
    for (const customData of [null, { rk_click: "not-a-click" }, { order: "A-17" }]) {
      const { event } = normalized("transaction.completed", transaction({ origin: "web", grandTotal: "4999", customData }));
      expect(event).toMatchObject({ type: "sale", customer_external_id: CUSTOMER });
      expect(event).not.toHaveProperty("click_id");
    }
  });
});

describe("Paddle adjustments", () => {
  it("an approved full refund is a refund of the transaction, keyed by the adjustment", () => {
    const { id, event } = normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", type: "full", total: "4999" }));
    expect(event).toEqual({
      gateway: "paddle",
      external_event_id: id,
      occurred_at: "2026-11-24T11:59:58.621Z",
      type: "refund",
      invoice_id: TRANSACTION,
      refund_id: "adj_01jd9a2b3c4d5e6f7g8h9j0k1m",
      amount: 4999,
      currency: "USD",
      reason: "refund",
    });
  });

  it("a partial refund says so, from the adjustment's type or, in older payloads, its items", () => {
    expect(normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", type: "partial", total: "1000" })).event).toMatchObject({
      reason: "partial_refund",
      amount: 1000,
    });
    expect(normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", itemType: "partial", total: "1000" })).event).toMatchObject({
      reason: "partial_refund",
    });
    expect(normalized("adjustment.updated", adjustment({ action: "refund", status: "approved", itemType: "full", total: "4999" })).event).toMatchObject({
      reason: "refund",
    });
  });

  it("a chargeback is created approved", () => {
    const { event } = normalized("adjustment.created", adjustment({ action: "chargeback", status: "approved", type: "full", total: "4999" }));
    expect(event).toMatchObject({ type: "refund", reason: "chargeback", amount: 4999, invoice_id: TRANSACTION });
  });

  it("a refund waiting for approval, a rejected one and credits change nothing yet", () => {
    expect(normalized("adjustment.created", adjustment({ action: "refund", status: "pending_approval", total: "4999" })).event).toMatchObject({
      type: "ignored",
      reason: "the refund is pending_approval, not approved",
    });
    expect(normalized("adjustment.updated", adjustment({ action: "refund", status: "rejected", total: "4999" })).event.type).toBe("ignored");
    expect(normalized("adjustment.created", adjustment({ action: "credit", status: "approved", total: "4999" })).event.type).toBe("ignored");
  });
});

describe("Paddle subscriptions", () => {
  it("subscription.canceled is a cancellation at canceled_at", () => {
    const { event } = normalized("subscription.canceled", subscription({ status: "canceled", canceledAt: "2026-11-24T11:30:00Z" }));
    expect(event).toMatchObject({ type: "cancellation", customer_external_id: CUSTOMER, subscription_id: SUBSCRIPTION, occurred_at: "2026-11-24T11:30:00.000Z" });
  });

  it.each(["subscription.created", "subscription.trialing"])("%s with a trial starts a trial with the click id", (eventType) => {
    const { event } = normalized(eventType, subscription({ status: "trialing", trialEndsAt: "2026-12-08T11:59:57Z" }));
    expect(event).toMatchObject({
      type: "trial_started",
      customer_external_id: CUSTOMER,
      subscription_id: SUBSCRIPTION,
      click_id: CLICK_ID,
      trial_ends_at: "2026-12-08T11:59:57.000Z",
    });
  });

  it("subscription.created without a trial is ignored (its transaction is the sale)", () => {
    expect(normalized("subscription.created", subscription({ status: "active" })).event.type).toBe("ignored");
  });

  it("other events are ignored with their name", () => {
    expect(normalized("customer.updated", { id: CUSTOMER }).event).toMatchObject({ type: "ignored", reason: "customer.updated events are not used for attribution" });
  });
});
