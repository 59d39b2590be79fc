/**
 * The commission a payment earns, with the reasons a person can read. Pure: the caller
 * supplies the campaign's model and the customer's payment history facts, so the same
 * inputs always give the same amount and the same explanation.
 *
 * Money is integer minor units. Percentages are basis points, applied with BigInt and
 * rounded half away from zero, so no float ever touches an amount.
 */

export interface CommissionModel {
  type: "percentage" | "flat";
  rateBps: number | null;
  amount: number | null;
  currency: string;
  duration: "one_time" | "recurring" | "lifetime";
  durationMonths: number | null;
}

/** A per-product or per-plan override of the base rate or amount. */
export interface CommissionOverride {
  productId: string;
  type: "percentage" | "flat";
  rateBps: number | null;
  amount: number | null;
}

export interface Payment {
  amount: number;
  currency: string;
  occurredAt: Date;
  productId?: string | null;
}

export interface CustomerHistory {
  /** When the customer's first attributed payment happened (this one, if it is the first). */
  firstPaymentAt: Date;
  /** True when this payment is the customer's first attributed payment. */
  isFirstPayment: boolean;
}

/** Why a computed commission waits for a person instead of its amount (see calculateCommission). */
export interface TermsReview {
  rule: "currency_mismatch";
  reason: string;
}

export type CommissionResult =
  | { eligible: true; amount: number; currency: string; explanation: string[]; review?: TermsReview }
  | { eligible: false; amount: 0; currency: string; explanation: string[] };

/** Whole calendar months from `start` to `at` (the 15th to the 14th of next month is 0). */
export function monthsBetween(start: Date, at: Date): number {
  let months = (at.getUTCFullYear() - start.getUTCFullYear()) * 12 + (at.getUTCMonth() - start.getUTCMonth());
  const dayAndTime = (d: Date) => d.getUTCDate() * 86_400_000 + (d.getTime() % 86_400_000);
  if (dayAndTime(at) < dayAndTime(start)) months -= 1;
  return months;
}

/** `amount × bps / 10 000`, rounded half away from zero, exact for any safe integer. */
export function applyBps(amount: number, bps: number): number {
  const product = BigInt(amount) * BigInt(bps);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  return Number(sign * ((abs + 5_000n) / 10_000n));
}

function formatRate(bps: number): string {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)} %`;
}

/** Explanations name the stored integer itself, so a reader can check the arithmetic. */
function inMinorUnits(minor: number, currency: string): string {
  return `${minor} ${currency} minor units`;
}

/** Computes what `payment` earns under `model`, honouring product overrides and duration. */
export function calculateCommission(model: CommissionModel, payment: Payment, history: CustomerHistory, overrides: CommissionOverride[] = []): CommissionResult {
  const why: string[] = [];
  const currency = model.currency;
  if (!Number.isSafeInteger(payment.amount) || payment.amount <= 0) {
    return { eligible: false, amount: 0, currency, explanation: [`Payment amount ${payment.amount} is not a positive integer in minor units.`] };
  }

  if (model.duration === "one_time" && !history.isFirstPayment) {
    return { eligible: false, amount: 0, currency, explanation: ["One-time commission: only the customer's first payment earns it, and this is a later payment."] };
  }
  if (model.duration === "recurring") {
    const months = model.durationMonths ?? 0;
    const elapsed = monthsBetween(history.firstPaymentAt, payment.occurredAt);
    if (elapsed >= months) {
      return {
        eligible: false,
        amount: 0,
        currency,
        explanation: [`Recurring for ${months} months: this payment is ${elapsed} months after the first (${history.firstPaymentAt.toISOString().slice(0, 10)}), outside the window.`],
      };
    }
    why.push(`Recurring for ${months} months: month ${elapsed + 1} of ${months} since the first payment on ${history.firstPaymentAt.toISOString().slice(0, 10)}.`);
  } else if (model.duration === "lifetime") {
    why.push("Lifetime commission: every payment of this customer earns it.");
  } else {
    why.push("One-time commission: this is the customer's first payment.");
  }

  const override = payment.productId ? overrides.find((o) => o.productId === payment.productId) : undefined;
  const rule = override ?? model;
  if (override) why.push(`Product ${override.productId} has its own rate, which replaces the campaign's.`);

  // Currency is part of the terms: the campaign pays in its currency, and Rekomi has no
  // exchange rates. A sale in another one is credited, but its commission is 0 in the
  // campaign's currency and held for a person; never a number in the wrong currency.
  if (payment.currency !== model.currency) {
    const reason = `The sale was paid in ${payment.currency}; this campaign pays commissions in ${model.currency}, and Rekomi does not convert currencies.`;
    const wouldBe = rule.type === "percentage" ? `${formatRate(rule.rateBps ?? 0)} of the sale` : `a flat ${inMinorUnits(rule.amount ?? 0, model.currency)}`;
    why.push(
      `${reason} The terms (${wouldBe}) cannot be applied, so the commission is recorded as ${inMinorUnits(0, model.currency)} and held for review: a brand member decides (void it, or pay the creator separately).`,
    );
    return { eligible: true, amount: 0, currency: model.currency, explanation: why, review: { rule: "currency_mismatch", reason } };
  }

  if (rule.type === "percentage") {
    const bps = rule.rateBps ?? 0;
    const amount = applyBps(payment.amount, bps);
    why.push(`${formatRate(bps)} of ${inMinorUnits(payment.amount, payment.currency)} = ${inMinorUnits(amount, payment.currency)} (rounded half up to the minor unit).`);
    return { eligible: true, amount, currency: model.currency, explanation: why };
  }
  const flat = rule.amount ?? 0;
  why.push(`Flat ${inMinorUnits(flat, model.currency)} per eligible payment.`);
  return { eligible: true, amount: flat, currency: model.currency, explanation: why };
}

/**
 * The share of a commission a refund takes back: proportional to the refunded share of the
 * payment, never more than the commission itself.
 */
export function reversalFor(commissionAmount: number, paymentAmount: number, refundAmount: number): number {
  if (paymentAmount <= 0 || refundAmount <= 0) return 0;
  if (refundAmount >= paymentAmount) return commissionAmount;
  const share = (BigInt(commissionAmount) * BigInt(refundAmount) * 2n + BigInt(paymentAmount)) / (2n * BigInt(paymentAmount));
  return Number(share);
}
