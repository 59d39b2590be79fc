import { expect } from "vitest";
import { acceptOfferDirectly, createAffiliate, dashboardBrand, type Browser } from "./fixtures";
import { Pipeline, signedInit } from "./tracking";

/** A real browser's user agent: clicks from it are counted (bots and HTTP tools are not). */
export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export interface DashboardTracking {
  owner: Browser;
  brandId: string;
  campaignId: string;
  affiliateId: string;
  enrollmentId: string;
  link: { id: string; code: string; url: string };
}

/** Parses a JSON answer after checking its status (the body is in the failure message). */
export async function expectJson<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/**
 * A brand made through the dashboard, set up the way the Quickstart walks an owner through
 * it: a campaign, a network creator offered a place who accepts it, and a tracking link.
 */
export async function dashboardTracking(opts: { creatorName?: string; campaign?: Record<string, unknown> } = {}): Promise<DashboardTracking> {
  const { owner, brandId, campaignId } = await dashboardBrand(opts.campaign);
  const creator = await createAffiliate({ listed: true, name: opts.creatorName ?? "Casey Creator" });
  const enrollment = await expectJson<{ id: string }>(await owner.post(`/api/brands/${brandId}/campaigns/${campaignId}/enrollments`, { affiliate_id: creator.affiliateId }), 201);
  // The brand offers; the creator accepts (no brand enrolls a creator alone).
  await acceptOfferDirectly(creator.affiliateId, enrollment.id);
  const link = await expectJson<{ id: string; code: string; url: string }>(await owner.post(`/api/brands/${brandId}/links`, { enrollment_id: enrollment.id }), 201);
  return { owner, brandId, campaignId, affiliateId: creator.affiliateId, enrollmentId: enrollment.id, link };
}

/** Visits a tracking link `times` times as a person would, lets the click consumer record them, and returns the click ids. */
export async function clickThrough(pipe: Pipeline, code: string, times = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < times; i++) {
    const res = await pipe.edgeFetch(`/c/${code}`, { headers: { "user-agent": BROWSER_UA } });
    expect(res.status).toBe(302);
    ids.push(new URL(res.headers.get("location")!).searchParams.get("rk_click")!);
  }
  await pipe.drain();
  return ids;
}

/** An S2S key made on the Developers page; its secret is in this answer only. */
export async function dashboardS2sKey(owner: Browser, brandId: string): Promise<{ keyId: string; secret: string }> {
  const key = await expectJson<{ id: string; secret: string }>(await owner.post(`/api/brands/${brandId}/s2s-keys`, { name: "billing" }), 201);
  return { keyId: key.id, secret: key.secret };
}

/** Sends signed S2S events through the edge and lets the events consumer attribute them. */
export async function track(pipe: Pipeline, key: { keyId: string; secret: string }, events: [type: "lead" | "sale" | "refund", body: Record<string, unknown>][]): Promise<void> {
  for (const [type, body] of events) expect((await pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, key))).status).toBe(202);
  await pipe.drain();
}
