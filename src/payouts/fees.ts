import type { SavedPaymentMethod } from "../infra/db/schema";

/**
 * Stripe's processing fee on the brand's charge, which Rekomi's platform balance pays: the
 * brand is charged the transfers plus this fee, so after Stripe takes its fee exactly the
 * transfers remain (nothing floats on the platform). The preview shows the estimate from
 * Stripe's published US prices; once charged, Stripe's own fee (the charge's balance
 * transaction) replaces it, and whatever the estimate over-collected is refunded to the
 * brand with the run's settlement.
 */
interface Price {
  /** Parts per 10,000 of the charge. */
  bps: number;
  /** Fixed part, in minor units. */
  fixed: number;
  /** Largest fee, in minor units (ACH Direct Debit is capped). */
  cap?: number;
}

const PRICES: Record<SavedPaymentMethod["type"], Price> = {
  card: { bps: 290, fixed: 30 },
  us_bank_account: { bps: 80, fixed: 0, cap: 500 },
  sepa_debit: { bps: 0, fixed: 35 },
};

/** Stripe's fee on a charge of `amount`, the percentage rounded to the nearest minor unit (half up). */
export function feeOn(amount: number, method: SavedPaymentMethod["type"]): number {
  const { bps, fixed, cap } = PRICES[method];
  const fee = Math.floor((amount * bps + 5_000) / 10_000) + fixed;
  return cap === undefined ? fee : Math.min(fee, cap);
}

/**
 * The smallest charge that leaves at least `transfers` once Stripe's fee is taken, and that fee.
 * A run with nothing to transfer charges nothing.
 */
export function chargeFor(transfers: number, method: SavedPaymentMethod["type"]): { charge: number; fee: number } {
  if (transfers <= 0) return { charge: 0, fee: 0 };
  const { bps, fixed } = PRICES[method];
  let charge = Math.ceil(((transfers + fixed) * 10_000) / (10_000 - bps));
  while (charge - feeOn(charge, method) < transfers) charge += 1;
  while (charge > transfers && charge - 1 - feeOn(charge - 1, method) >= transfers) charge -= 1;
  return { charge, fee: feeOn(charge, method) };
}

/**
 * What the run gives back to the brand once every transfer is made or refused: the charge
 * less Stripe's fee, the transfers that stand, and what was already refunded. Never negative.
 */
export function settlementRefund(run: { chargeAmount: number; feeAmount: number; refundedAmount: number }, transferred: number): number {
  return Math.max(0, run.chargeAmount - run.feeAmount - transferred - run.refundedAmount);
}
