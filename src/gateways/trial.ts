import type { SaleEvent } from "./types";

/**
 * The consumer's half of trial conversion, for gateways whose payload cannot say it: the
 * charge that ends a Stripe or Paddle trial is an ordinary `subscription_cycle` /
 * `subscription_recurring` one, told apart from later renewals only by what came before.
 * Given what the consumer knows about the sale's subscription (a `trial_started` recorded,
 * no earlier sale), the first paid charge after the trial becomes a `first_purchase` that
 * converted the trial; anything else is returned unchanged.
 */
export function withTrialConversion(sale: SaleEvent, subscription: { trialStarted: boolean; earlierSales: number }): SaleEvent {
  if (sale.kind !== "renewal" || !sale.subscription_id || !subscription.trialStarted || subscription.earlierSales > 0) return sale;
  return { ...sale, kind: "first_purchase", trial_converted: true };
}
