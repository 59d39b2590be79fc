import type { ReviewReason } from "../infra/db/schema";

/**
 * The fraud checks a new earning goes through. Each rule reads a few numbers (gathered in
 * one query by fraud-signals.ts) and, when it fires, says why in a sentence a reviewer can
 * check. A flagged earning is held for review: it is never approved until a brand member
 * releases it, or voids it. Pure, so every threshold is unit-tested.
 */

/** A burst: this many clicks or more from one IP on one link within the window around the converting click. */
export const IP_BURST = { clicks: 5, minutes: 10 } as const;
/** Click flooding: at least this many clicks in the window with fewer sales than 1 per `clicksPerSale`. */
export const CLICK_FLOODING = { days: 30, minClicks: 500, clicksPerSale: 500 } as const;
/** Refund abuse: at least `minSales` sales in the window, and at least `ratio` (a half: fraud-signals.ts relies on it) of them refunded. */
export const REFUND_ABUSE = { days: 90, minSales: 5, ratio: 0.5 } as const;
/** Same-IP clicks are counted up to this many (fraud-signals.ts); more read as "at least". */
export const IP_CLICKS_CAP = 100;

export interface FraudSignals {
  affiliateEmail: string | null;
  customerEmail: string | null;
  /** The click that credited the sale, when it has been recorded. */
  click: { id: string; linkCode: string; sameIpClicks: number } | null;
  /** Clicks and credited sales of the enrollment over the last CLICK_FLOODING.days. */
  enrollmentClicks: number;
  enrollmentSales: number;
  /** The affiliate's credited sales for this brand over the last REFUND_ABUSE.days, and how many were refunded. */
  affiliateSales: number;
  affiliateRefundedSales: number;
}

/**
 * An address as a mailbox: case and surrounding space do not matter, `+tags` reach the
 * same inbox, and Gmail ignores dots in the local part.
 */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at < 1) return trimmed;
  let local = trimmed.slice(0, at).replace(/\+.*$/, "");
  let domain = trimmed.slice(at + 1);
  if (domain === "googlemail.com") domain = "gmail.com";
  if (domain === "gmail.com") local = local.replace(/\./g, "");
  return `${local}@${domain}`;
}

const percent = (ratio: number) => `${(ratio * 100).toLocaleString("en", { maximumFractionDigits: 2 })} %`;

/** The rules that fire for these signals, each with its reason; empty when the earning looks clean. */
export function fraudFlags(s: FraudSignals): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (s.affiliateEmail && s.customerEmail && normaliseEmail(s.affiliateEmail) === normaliseEmail(s.customerEmail)) {
    reasons.push({ rule: "self_referral", reason: `Self-referral: the customer's email (${s.customerEmail}) is the creator's own address.` });
  }
  if (s.click && s.click.sameIpClicks >= IP_BURST.clicks) {
    reasons.push({
      rule: "ip_burst",
      reason:
        `Duplicate-IP burst: ${s.click.sameIpClicks >= IP_CLICKS_CAP ? `${IP_CLICKS_CAP} or more` : s.click.sameIpClicks} clicks on link ${s.click.linkCode} came from the IP address of the converting click ` +
        `${s.click.id} within ${IP_BURST.minutes} minutes of it (${IP_BURST.clicks} or more is a burst).`,
    });
  }
  if (s.enrollmentClicks >= CLICK_FLOODING.minClicks && s.enrollmentSales * CLICK_FLOODING.clicksPerSale < s.enrollmentClicks) {
    reasons.push({
      rule: "click_flooding",
      reason:
        `Click flooding: ${s.enrollmentClicks.toLocaleString("en")} clicks but ${s.enrollmentSales} credited sale(s) in the last ${CLICK_FLOODING.days} days ` +
        `(${percent(s.enrollmentSales / s.enrollmentClicks)}; below ${percent(1 / CLICK_FLOODING.clicksPerSale)} with ${CLICK_FLOODING.minClicks} clicks or more).`,
    });
  }
  if (s.affiliateSales >= REFUND_ABUSE.minSales && s.affiliateRefundedSales >= s.affiliateSales * REFUND_ABUSE.ratio) {
    reasons.push({
      rule: "refund_abuse",
      reason:
        `Refund abuse: ${s.affiliateRefundedSales} of the creator's ${s.affiliateSales} sales in the last ${REFUND_ABUSE.days} days were refunded ` +
        `(${percent(s.affiliateRefundedSales / s.affiliateSales)}; ${percent(REFUND_ABUSE.ratio)} or more with ${REFUND_ABUSE.minSales} sales or more).`,
    });
  }
  return reasons;
}
