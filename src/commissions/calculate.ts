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
  /** Performance tiers, any order; the base rate above is tier 1. */
  tiers?: CommissionTier[];
}

/**
 * From `threshold` credited sales (or revenue, minor units of the campaign currency) of
 * one creator in a calendar month (UTC), this rate replaces the base rate. The sale that
 * reaches the threshold already earns it.
 */
export interface CommissionTier {
  metric: "sales" | "revenue";
  threshold: number;
  type: "percentage" | "flat";
  rateBps: number | null;
  amount: number | null;
}

/** The creator's credited sales in this campaign earlier in the payment's calendar month (UTC). */
export interface CreatorMonth {
  sales: number;
  /** Sum of those sales paid in the campaign currency, minor units (other currencies cannot be added up). */
  revenue: number;
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
  /** The gateway price (plan) id; an override set for it wins over one for its product. */
  priceId?: string | null;
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

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

type Rate = Pick<CommissionTier, "type" | "rateBps" | "amount">;

function describeRate(rule: Rate, currency: string): string {
  return rule.type === "percentage" ? formatRate(rule.rateBps ?? 0) : `a flat ${inMinorUnits(rule.amount ?? 0, currency)}`;
}

/**
 * The rate of the creator's month: the tier with the highest threshold this sale reaches
 * (counting this sale), or the base rate (tier 1). Tiers are numbered by threshold, from 2.
 */
function tierOf(model: CommissionModel, payment: Payment, month: CreatorMonth): { rule: Rate; line: string } {
  const tiers = [...(model.tiers ?? [])].sort((a, b) => a.threshold - b.threshold);
  const monthName = `${MONTHS[payment.occurredAt.getUTCMonth()]} ${payment.occurredAt.getUTCFullYear()}`;
  const metric = tiers[0]!.metric;
  const counted = payment.currency === model.currency;
  const reached = metric === "sales" ? month.sales + 1 : month.revenue + (counted ? payment.amount : 0);
  const where =
    metric === "sales"
      ? `this is sale ${reached}`
      : `with this sale ${inMinorUnits(reached, model.currency)}${counted ? "" : ` (this sale, in ${payment.currency}, is not added to revenue in ${model.currency})`}`;
  const from = (t: CommissionTier) =>
    metric === "sales" ? `from the ${ordinal(t.threshold)} credited sale` : `from ${inMinorUnits(t.threshold, model.currency)} of credited revenue`;
  const index = tiers.findLastIndex((t) => t.threshold <= reached);
  if (index < 0) {
    return { rule: model, line: `Tier 1 of this campaign (base rate, ${describeRate(model, model.currency)}): ${where} in ${monthName}; tier 2 starts ${from(tiers[0]!)}.` };
  }
  const tier = tiers[index]!;
  return { rule: tier, line: `Tier ${index + 2} of this campaign: ${describeRate(tier, model.currency)} ${from(tier)} in ${monthName}; ${where}.` };
}

/**
 * Computes what `payment` earns under `model`, honouring product overrides, performance
 * tiers (`month`: the creator's month so far; without it tiers are not applied) and duration.
 */
export function calculateCommission(model: CommissionModel, payment: Payment, history: CustomerHistory, overrides: CommissionOverride[] = [], month?: CreatorMonth): CommissionResult {
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

  // A plan's (price's) own rate is more specific than its product's.
  const override = [payment.priceId, payment.productId].flatMap((id) => (id ? overrides.filter((o) => o.productId === id) : []))[0];
  let rule: Rate = model;
  if (override) {
    rule = override;
    const tiered = model.tiers?.length ? " and its performance tiers" : "";
    const what = override.productId === payment.priceId ? "Plan (price)" : "Product";
    why.push(`${what} ${override.productId} has its own rate, which replaces the campaign's${tiered}.`);
  } else if (model.tiers?.length && month) {
    const tier = tierOf(model, payment, month);
    rule = tier.rule;
    why.push(tier.line);
  }

  // Currency is part of the terms: the campaign pays in its currency, and Rekomi has no
  // exchange rates. A sale in another one is credited, but its commission is 0 in the
  // campaign's currency and held for a person; never a number in the wrong currency.
  if (payment.currency !== model.currency) {
    const reason = `The sale was paid in ${payment.currency}; this campaign pays commissions in ${model.currency}, and Rekomi does not convert currencies.`;
    const wouldBe = rule.type === "percentage" ? `${formatRate(rule.rateBps ?? 0)} of the sale` : describeRate(rule, model.currency);
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
