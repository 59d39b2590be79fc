import { daysAfter, type Touch } from "./touch";

/**
 * The human half of an attribution: one sentence a brand (or a support person) reads to
 * see why a conversion was credited, or why not.
 */
const day = (d: Date) => d.toISOString().slice(0, 10);
const MODEL = { last_click: "last click", first_click: "first click" } as const;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "click clk_… on 2026-11-20 through link acme-casey" (or "promotion code SAVE20 on … through link …") */
export function describeClick(t: Pick<Touch, "clickId" | "clickedAt" | "linkCode" | "promoCode">): string {
  return t.promoCode ? `promotion code ${t.promoCode} on ${day(t.clickedAt)} through link ${t.linkCode}` : `click ${t.clickId} on ${day(t.clickedAt)} through link ${t.linkCode}`;
}

/** "click … through link …, inside the 30-day window (sale 3 days after the click), last click" */
export function creditedByClick(t: Touch, what: string, at: Date): string {
  return `${describeClick(t)}, inside the ${t.windowDays}-day window (${what} ${plural(daysAfter(t.clickedAt, at), "day")} after the click), ${MODEL[t.model]}`;
}

export function creditedByCustomer(externalId: string, t: Touch, boundAt: Date): string {
  return `customer ${externalId} was bound on ${day(boundAt)} to ${describeClick(t)}, inside the ${t.windowDays}-day window, ${MODEL[t.model]}`;
}

/** Why a first-click binding outlived a newer click, or a last-click binding a staler one. */
export function keptEarlierBinding(externalId: string, kept: Touch, boundAt: Date, ignored: Touch): string {
  const why = kept.model === "first_click" ? "first click: the earlier click keeps the credit" : "last click: the later click keeps the credit";
  return `${creditedByCustomer(externalId, kept, boundAt)}; ${why} over ${describeClick(ignored)}`;
}

export function outsideWindow(t: Touch, what: string, at: Date): string {
  const days = daysAfter(t.clickedAt, at);
  return at < t.clickedAt
    ? `not credited: ${describeClick(t)} happened after the ${what}`
    : `not credited: ${describeClick(t)} was ${plural(days, "day")} before the ${what}, outside its ${t.windowDays}-day window`;
}

export function unusableClick(clickId: string, reason: "invalid_click" | "unknown_link"): string {
  return reason === "invalid_click"
    ? `not credited: ${clickId} is not a genuine click id`
    : `not credited: ${clickId} was not made through a tracking link of this brand`;
}

export function noClick(what: string, externalId: string | undefined): string {
  return externalId
    ? `not credited: customer ${externalId} has no affiliate click on record and the ${what} carried no click id`
    : `not credited: the ${what} carried no click id`;
}

/** The sale's reference a refund or dispute names: its invoice, else its payment. */
const saleRef = (s: { invoiceId: string | null; paymentId?: string | null }) => (s.invoiceId ? `invoice ${s.invoiceId}` : `payment ${s.paymentId}`);

/** The trail of a refund or a dispute phase that follows `sale`. */
export function followerOf(f: { type: string; kind: string | null }, sale: { id: string; invoiceId: string | null; paymentId?: string | null }, saleTrail: string | null): string {
  const what = f.type === "dispute" ? `dispute (${f.kind})` : "refund";
  return `${what} of sale ${sale.id} (${saleRef(sale)}), credited as the sale was${saleTrail ? `: ${saleTrail}` : ""}`;
}

/** Why Stripe could not be asked for the payment or invoice a Stripe event left out (src/gateways/stripe/resolve-payments.ts), if so. */
export function paymentLookup(note: string | undefined): string {
  return note ? `; its payment link was not looked up: ${note}` : "";
}

/** A refund or dispute whose sale is not recorded yet, named by `ref` (its invoice, else its payment). */
export function beforeSale(ref: { invoiceId: string | null; paymentId?: string | null }): string {
  return `no sale for ${saleRef(ref)} yet; linked to it and credited as it is when it arrives`;
}

export function creditedByPromoCode(t: Touch, what: string): string {
  return `the ${what} used promotion code ${t.promoCode}, which link ${t.linkCode} carries (no click needed); ${MODEL[t.model]}`;
}

export function trialConverted(subscriptionId: string | null | undefined): string {
  return `; the first paid charge after the free trial${subscriptionId ? ` of subscription ${subscriptionId}` : ""}: the trial converted`;
}

export function cancellationOf(subscriptionId: string, saleId: string, saleTrail: string | null): string {
  return `cancellation of subscription ${subscriptionId}, credited as its sale ${saleId} was${saleTrail ? `: ${saleTrail}` : ""}`;
}

export function disputeWonBeforeOpened(disputeId: string): string {
  return `; the dispute ${disputeId} was won before its opening was recorded: what the opening takes back is given back when it arrives`;
}

export function adoptedByLead(externalId: string, bindingTrail: string): string {
  return `credited when customer ${externalId}'s lead arrived after this sale: ${bindingTrail}`;
}

export function refundCurrencyMismatch(refundCurrency: string, saleCurrency: string): string {
  return `; refunded in ${refundCurrency} while the sale was paid in ${saleCurrency}: not compared with the sale and no commission taken back (held for a person)`;
}

export function refundCapped(reported: number, recorded: number, currency: string): string {
  return `; reported as ${reported} ${currency} minor units, more than the ${recorded} left to refund of the sale: recorded as ${recorded}, the excess of ${reported - recorded} not counted`;
}

export function cancellationNotCredited(subscriptionId: string): string {
  return `not credited: the customer of subscription ${subscriptionId} is not bound to a creator and no credited sale of it is on record`;
}
