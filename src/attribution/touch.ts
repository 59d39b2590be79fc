import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { campaigns, trackingLinks, type Attribution } from "../infra/db/schema";
import { verifyClickId } from "../tracking/click-id";

type ClickClaims = NonNullable<Awaited<ReturnType<typeof verifyClickId>>>;

/**
 * A verified click of this brand: who it credits and on which terms (those in force when it
 * was clicked). A payment that used a creator's promotion code is a touch too, without a
 * click: `promoCode` is set, `clickId` is `promo:<code>` (what the customer binding keeps) and
 * `clickedAt` is when the payment happened.
 */
export interface Touch {
  clickId: string;
  promoCode?: string;
  clickedAt: Date;
  windowDays: number;
  model: "last_click" | "first_click";
  linkId: string;
  linkCode: string;
  enrollmentId: string;
  campaignId: string;
  affiliateId: string;
}

export type TouchResult = { ok: true; touch: Touch } | { ok: false; reason: "invalid_click" | "unknown_link"; clickId: string };

/**
 * Reads a click id: its signature proves when and through which link the click happened,
 * so the click row need not exist yet. The link is read under the brand's principal:
 * another brand's click resolves to nothing (`unknown_link`), never to its affiliate.
 */
export async function touchFor(tx: Tx, key: CryptoKey, clickId: string): Promise<TouchResult> {
  const claims = await verifyClickId(key, clickId);
  if (!claims) return { ok: false, reason: "invalid_click", clickId };
  const [link] = await tx.select().from(trackingLinks).where(eq(trackingLinks.id, claims.linkId));
  return touchOfClick(clickId, claims, link);
}

/** The link a click's signature names (read under the brand's principal, or absent): the click as a touch. */
export function touchOfClick(clickId: string, claims: ClickClaims, link: typeof trackingLinks.$inferSelect | undefined): TouchResult {
  if (!link) return { ok: false, reason: "unknown_link", clickId };
  return {
    ok: true,
    touch: {
      clickId,
      clickedAt: new Date(claims.clickedAt),
      windowDays: claims.windowDays,
      model: claims.firstClick ? "first_click" : "last_click",
      linkId: link.id,
      linkCode: link.code,
      enrollmentId: link.enrollmentId,
      campaignId: link.campaignId,
      affiliateId: link.affiliateId,
    },
  };
}

/** The customer binding's click id for a promotion code (customers.click_id holds either). */
export const promoBindingId = (code: string) => `promo:${code}`;

/** The promotion code of a binding made by one, or undefined for a click. */
export const promoOfBinding = (clickId: string) => (clickId.startsWith("promo:") ? clickId.slice("promo:".length) : undefined);

/**
 * The active tracking link of this brand that carries `code` (unique per brand), as a touch
 * at `at` on its campaign's current terms; undefined when no active link carries it.
 */
export async function touchForPromoCode(tx: Tx, brandId: string, code: string, at: Date): Promise<Touch | undefined> {
  const [row] = await promoLinks(tx, brandId, [code]);
  return row ? touchOfPromoCode(code, row, at) : undefined;
}

/** The active links of this brand carrying one of `codes`, with their campaign's current terms. */
export function promoLinks(tx: Tx, brandId: string, codes: string[]) {
  return tx
    .select({ link: trackingLinks, windowDays: campaigns.cookieWindowDays, model: campaigns.attributionModel })
    .from(trackingLinks)
    .innerJoin(campaigns, eq(campaigns.id, trackingLinks.campaignId))
    .where(and(eq(trackingLinks.brandId, brandId), inArray(trackingLinks.promoCode, codes), eq(trackingLinks.status, "active")));
}

export type PromoLink = Awaited<ReturnType<typeof promoLinks>>[number];

/** A promotion code's link as a touch at `at`. */
export function touchOfPromoCode(code: string, row: PromoLink, at: Date): Touch {
  const { link } = row;
  return {
    clickId: promoBindingId(code),
    promoCode: code,
    clickedAt: at,
    windowDays: row.windowDays,
    model: row.model,
    linkId: link.id,
    linkCode: link.code,
    enrollmentId: link.enrollmentId,
    campaignId: link.campaignId,
    affiliateId: link.affiliateId,
  };
}

const DAY_MS = 86_400_000;
/** Clock skew tolerated between the edge that minted a click and the sender of an event. */
const SKEW_MS = 5 * 60_000;

/** Whole days from the click to `at`. */
export function daysAfter(clickedAt: Date, at: Date): number {
  return Math.max(0, Math.floor((at.getTime() - clickedAt.getTime()) / DAY_MS));
}

/** Whether `at` falls inside the click's cookie window (and not before the click). */
export function insideWindow(clickedAt: Date, windowDays: number, at: Date): boolean {
  const elapsed = at.getTime() - clickedAt.getTime();
  return elapsed >= -SKEW_MS && elapsed <= windowDays * DAY_MS;
}

/** The conversion columns that credit `touch` (all null when nobody is credited). */
export function creditColumns(touch: Touch | null) {
  return {
    affiliateId: touch?.affiliateId ?? null,
    enrollmentId: touch?.enrollmentId ?? null,
    campaignId: touch?.campaignId ?? null,
    linkId: touch?.linkId ?? null,
    clickId: touch && !touch.promoCode ? touch.clickId : null,
  };
}

/** The machine-readable half of a credit through `t`. */
export function attributionOf(via: Attribution["via"], t: Touch): Attribution {
  const how = t.promoCode ? { promoCode: t.promoCode } : { clickId: t.clickId, clickedAt: t.clickedAt.toISOString() };
  return { via, model: t.model, windowDays: t.windowDays, ...how, linkCode: t.linkCode };
}
