import { eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { trackingLinks } from "../infra/db/schema";
import { verifyClickId } from "../tracking/click-id";

/** A verified click of this brand: who it credits and on which terms (those in force when it was clicked). */
export interface Touch {
  clickId: string;
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
