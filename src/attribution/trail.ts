import { daysAfter, type Touch } from "./touch";

/**
 * The human half of an attribution: one sentence a brand (or a support person) reads to
 * see why a conversion was credited, or why not.
 */
const day = (d: Date) => d.toISOString().slice(0, 10);
const MODEL = { last_click: "last click", first_click: "first click" } as const;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "click clk_… on 2026-11-20 through link acme-casey" */
export function describeClick(t: Pick<Touch, "clickId" | "clickedAt" | "linkCode">): string {
  return `click ${t.clickId} on ${day(t.clickedAt)} through link ${t.linkCode}`;
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

export function refundOf(saleId: string, invoiceId: string, saleTrail: string | null): string {
  return `refund of sale ${saleId} (invoice ${invoiceId}), credited as the sale was${saleTrail ? `: ${saleTrail}` : ""}`;
}

export function refundBeforeSale(invoiceId: string): string {
  return `no sale for invoice ${invoiceId} yet; linked to it and credited as it is when it arrives`;
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
