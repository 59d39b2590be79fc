import { describe, expect, it } from "vitest";
import { normalizePaddleEvent } from "../../../../src/gateways/paddle/normalize";
import { normalizeStripeEvent } from "../../../../src/gateways/stripe/normalize";
import { withTrialConversion } from "../../../../src/gateways/trial";
import type { SaleEvent } from "../../../../src/gateways/types";
import { paddleEvent, transaction } from "./fixtures/paddle";
import { invoice, stripeEvent } from "./fixtures/stripe";

function sale(result: ReturnType<typeof normalizeStripeEvent>): SaleEvent {
  if (!result.ok || result.event.type !== "sale") throw new Error("expected a sale");
  return result.event;
}

// The charge that ends a trial looks like any renewal in Stripe's and Paddle's payloads.
const stripeAfterTrial = sale(normalizeStripeEvent(stripeEvent("invoice.paid", invoice({ billingReason: "subscription_cycle", amountPaid: 4900 })).body));
const paddleAfterTrial = sale(normalizePaddleEvent(paddleEvent("transaction.completed", transaction({ origin: "subscription_recurring", grandTotal: "4999" })).body));

describe("trial conversion for Stripe and Paddle, decided with the subscription's history", () => {
  it.each([
    ["Stripe", stripeAfterTrial],
    ["Paddle", paddleAfterTrial],
  ])("%s: the first paid charge after a trial_started is a first purchase that converted the trial", (_gateway, renewal) => {
    expect(renewal.kind).toBe("renewal");
    expect(withTrialConversion(renewal, { trialStarted: true, earlierSales: 0 })).toEqual({ ...renewal, kind: "first_purchase", trial_converted: true });
  });

  it("later renewals, subscriptions without a trial and other kinds stay as they are", () => {
    expect(withTrialConversion(stripeAfterTrial, { trialStarted: true, earlierSales: 1 })).toBe(stripeAfterTrial);
    expect(withTrialConversion(stripeAfterTrial, { trialStarted: false, earlierSales: 0 })).toBe(stripeAfterTrial);
    const upgrade = { ...stripeAfterTrial, kind: "upgrade" as const };
    expect(withTrialConversion(upgrade, { trialStarted: true, earlierSales: 0 })).toBe(upgrade);
  });
});
