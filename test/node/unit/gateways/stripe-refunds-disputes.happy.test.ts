import { describe, expect, it } from "vitest";
import { normalizeStripeEvent } from "../../../../src/gateways/stripe/normalize";
import type { GatewayEvent } from "../../../../src/gateways/types";
import { NOW_S } from "./fixtures/common";
import { charge, dispute, DISPUTE, PAYMENT_INTENT, refund, stripeEvent, stripeParsed } from "./fixtures/stripe";

async function normalized(type: Parameters<typeof stripeEvent>[0], object: object): Promise<{ id: string; event: GatewayEvent }> {
  const { id, body } = stripeEvent(type, object);
  expect(stripeParsed(body)).toMatchObject({ id, type });
  const result = normalizeStripeEvent(body);
  if (!result.ok) throw new Error(`${result.param}: ${result.message}`);
  return { id, event: result.event };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe("Stripe refunds, one refund object at a time", () => {
  it("refund.created (succeeded) is a refund keyed by the re_ id, naming the payment intent, with this refund's amount", async () => {
    const { id, event } = await normalized("refund.created", refund({ id: "re_3QfX4cKz8pLm2nB41Refund1", amount: 1000 }));
    expect(event).toEqual({
      gateway: "stripe",
      external_event_id: id,
      occurred_at: iso(NOW_S - 2),
      livemode: false,
      api_version: expect.any(String),
      type: "refund",
      invoice_id: null,
      payment_id: PAYMENT_INTENT,
      refund_id: "re_3QfX4cKz8pLm2nB41Refund1",
      amount: 1000,
      currency: "USD",
    });
  });

  it("two partial refunds of one charge are two refunds of their own amounts, never the running total", async () => {
    const first = await normalized("refund.created", refund({ id: "re_3QfX4cKz8pLm2nB41Refund1", amount: 1000 }));
    const second = await normalized("refund.created", refund({ id: "re_3QfX4cKz8pLm2nB41Refund2", amount: 1500 }));
    expect([first.event, second.event]).toMatchObject([
      { type: "refund", refund_id: "re_3QfX4cKz8pLm2nB41Refund1", amount: 1000 },
      { type: "refund", refund_id: "re_3QfX4cKz8pLm2nB41Refund2", amount: 1500 },
    ]);
    // charge.refunded (running totals, fired again for each refund) is not a second source.
    expect((await normalized("charge.refunded", charge({ amount: 4900, refunded: 2500 }))).event).toMatchObject({
      type: "ignored",
      reason: expect.stringContaining("refund.created"),
    });
  });

  it("a pending refund is ignored; its refund.updated to succeeded counts, with the same refund id", async () => {
    expect((await normalized("refund.created", refund({ id: "re_3QfXPendingSepa01", amount: 4900, status: "pending" }))).event).toMatchObject({
      type: "ignored",
      reason: expect.stringContaining("pending"),
    });
    expect((await normalized("refund.updated", refund({ id: "re_3QfXPendingSepa01", amount: 4900 }))).event).toMatchObject({ type: "refund", refund_id: "re_3QfXPendingSepa01" });
    expect((await normalized("refund.updated", refund({ id: "re_3QfXPendingSepa01", amount: 4900, status: "failed" }))).event.type).toBe("ignored");
  });

  it("a refund of a charge made without a payment intent names the charge, in ISO minor units", async () => {
    const { event } = await normalized("refund.created", refund({ id: "re_3QfXIskRefund001", amount: 150_000, currency: "isk", paymentIntent: null }));
    expect(event).toMatchObject({ type: "refund", payment_id: "ch_3QfX4cKz8pLm2nB41xYzAbCd", amount: 1500, currency: "ISK" });
  });
});

describe("Stripe disputes by phase", () => {
  it("inquiries (warning_* statuses) withdraw no funds: created, and closed as warning_closed, are ignored", async () => {
    for (const status of ["warning_needs_response", "warning_under_review"] as const) {
      expect((await normalized("charge.dispute.created", dispute(status))).event).toMatchObject({ type: "ignored", reason: expect.stringContaining("inquiry") });
    }
    expect((await normalized("charge.dispute.closed", dispute("warning_closed"))).event.type).toBe("ignored");
  });

  it("a chargeback opens from charge.dispute.created and from funds_withdrawn with the same dispute id (one opening downstream)", async () => {
    const created = await normalized("charge.dispute.created", dispute("needs_response"));
    expect(created.event).toMatchObject({
      type: "dispute",
      phase: "opened",
      dispute_id: DISPUTE,
      invoice_id: null,
      payment_id: PAYMENT_INTENT,
      amount: 4900,
      currency: "USD",
    });
    // An inquiry that escalates says so with funds_withdrawn.
    const withdrawn = await normalized("charge.dispute.funds_withdrawn", dispute("needs_response"));
    expect(withdrawn.event).toMatchObject({ type: "dispute", phase: "opened", dispute_id: DISPUTE });
  });

  it("won: charge.dispute.closed with status won, or funds_reinstated; lost: closed with status lost", async () => {
    expect((await normalized("charge.dispute.closed", dispute("won"))).event).toMatchObject({ type: "dispute", phase: "won", dispute_id: DISPUTE, amount: 4900 });
    expect((await normalized("charge.dispute.funds_reinstated", dispute("won"))).event).toMatchObject({ type: "dispute", phase: "won", dispute_id: DISPUTE });
    expect((await normalized("charge.dispute.closed", dispute("lost"))).event).toMatchObject({ type: "dispute", phase: "lost", dispute_id: DISPUTE });
  });

  it("converts the disputed amount to ISO minor units", async () => {
    const { event } = await normalized("charge.dispute.created", dispute("needs_response", { amount: 490_000, currency: "isk" }));
    expect(event).toMatchObject({ amount: 4900, currency: "ISK" });
  });
});
