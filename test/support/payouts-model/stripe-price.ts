/** Stripe's card price and the charge that covers it, re-derived for the reference model (never src/payouts/fees.ts). */

/** Round half away from zero of `num / den` for non-negative integers, exactly. */
export function roundDiv(num: bigint, den: bigint): number {
  return Number((2n * num + den) / (2n * den));
}

/** Stripe's US card price: 2.9 % (to the nearest cent, half up) + 30 cents. */
export function stripeCardFee(charge: number): number {
  return roundDiv(BigInt(charge) * 29n, 1_000n) + 30;
}

/** The least charge that still leaves `transfers` after Stripe's fee (nothing for nothing). */
export function grossUp(transfers: number): number {
  if (transfers <= 0) return 0;
  // Below this the fee alone (at least 2.9 % of the charge, less half a cent, + 30) leaves too little.
  let charge = Math.max(transfers, Math.floor(((transfers + 29) * 1_000) / 971) - 2);
  while (charge > transfers && charge - 1 - stripeCardFee(charge - 1) >= transfers) charge--;
  while (charge - stripeCardFee(charge) < transfers) charge++;
  return charge;
}
