import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import worker from "../../../src/infra/app/worker";
import type { BrandCommission } from "../../../src/commissions/schemas";
import type { NamedConversion } from "../../../src/conversions/schemas";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { call, createAffiliate, createBrand, enroll, usingDb, type BrandFixture } from "./fixtures";
import { Pipeline, clickAt, createS2sKey, daysAgo, signedInit } from "./tracking";

/**
 * A brand selling through one creator's link, with an S2S key: events go through the real
 * edge ingest and the real events consumer, as in production.
 */
export interface Seller {
  brand: BrandFixture;
  affiliateId: string;
  affiliateEmail: string;
  linkId: string;
  enrollmentId: string;
  key: { keyId: string; secret: string };
  pipe: Pipeline;
}

/** `affiliate`: an existing creator (e.g. one signed in to the dashboard) instead of a new one. */
export async function seller(commission?: Record<string, unknown>, affiliate?: { affiliateId: string; email: string }): Promise<Seller> {
  const brand = await createBrand();
  const { affiliateId, email } = affiliate ?? (await createAffiliate());
  const { linkId, enrollmentId } = await enroll(brand, affiliateId);
  if (commission) {
    const res = await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { commission } });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return { brand, affiliateId, affiliateEmail: email, linkId, enrollmentId, key: await createS2sKey(brand), pipe: new Pipeline() };
}

/** Sends one signed S2S event through the edge and has the consumer record it. */
export async function track(s: Seller, type: "lead" | "sale" | "refund", body: Record<string, unknown>, webhookId?: string): Promise<void> {
  const res = await s.pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, { ...s.key, ...(webhookId ? { webhookId } : {}) }));
  expect(res.status, await res.clone().text()).toBe(202);
  const drained = await s.pipe.drain();
  expect(drained.events?.explicitAcks?.length ?? 0).toBeGreaterThan(0);
}

/** A customer bound to the seller's creator by a lead with a click from yesterday. */
export async function customer(s: Seller, externalId: string, opts: { email?: string; clickId?: string } = {}): Promise<void> {
  const click = opts.clickId ?? (await clickAt(s.linkId, daysAgo(1)));
  await track(s, "lead", { click_id: click, customer_external_id: externalId, ...(opts.email ? { email: opts.email } : {}) });
}

export async function sale(s: Seller, customerId: string, invoice: string, amount: number, extra: Record<string, unknown> = {}): Promise<void> {
  await track(s, "sale", { customer_external_id: customerId, amount, currency: "USD", invoice_id: invoice, ...extra });
}

export async function refund(s: Seller, invoice: string, amount: number, currency = "USD"): Promise<void> {
  await track(s, "refund", { invoice_id: invoice, amount, currency });
}

/** The brand's commissions through the REST API, newest first. */
export async function commissionsOf(brand: BrandFixture, query = ""): Promise<BrandCommission[]> {
  const res = await call(`/v1/commissions?limit=100${query}`, { key: brand.apiKey });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json<{ data: BrandCommission[] }>()).data;
}

export async function earningOf(brand: BrandFixture, invoice: string): Promise<BrandCommission | undefined> {
  const sale = await conversionOf(brand, "sale", invoice);
  return (await commissionsOf(brand, "&kind=earning")).find((c) => c.conversion_id === sale?.id);
}

export async function conversionOf(brand: BrandFixture, type: "sale" | "refund", invoice: string): Promise<NamedConversion | undefined> {
  const res = await call(`/v1/conversions?limit=100&type=${type}`, { key: brand.apiKey });
  return (await res.json<{ data: NamedConversion[] }>()).data.find((c) => c.invoice_id === invoice);
}

export async function balanceOf(brand: BrandFixture, affiliateId: string) {
  const res = await call(`/v1/affiliates/${affiliateId}/balance`, { key: brand.apiKey });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json<{ balances: { currency: string; pending: number; approved: number; paid: number; clawbacks_outstanding: number; payable: number }[] }>()).balances;
}

/**
 * What a payout does, written directly as the brand: a completed run whose paid payout
 * (with its transfer) pays this one approved commission.
 */
export async function markPaid(brandId: string, commissionId: string): Promise<void> {
  await usingDb((db) =>
    withBrand(db, brandId, async (tx) => {
      const [c] = await tx.select().from(schema.commissions).where(eq(schema.commissions.id, commissionId));
      const runId = newId("payoutRun");
      const payoutId = newId("payout");
      const now = new Date();
      const amount = Math.max(c!.amount, 1);
      await tx.insert(schema.payoutRuns).values({ id: runId, brandId, status: "completed", trigger: "manual", currency: c!.currency, transferAmount: amount, chargeAmount: amount, transferGroup: runId, completedAt: now });
      await tx.insert(schema.payouts).values({ id: payoutId, runId, brandId, affiliateId: c!.affiliateId, status: "paid", amount, currency: c!.currency, transferId: `tr_${payoutId.slice(3)}`, transferGroup: runId, paidAt: now });
      await tx.insert(schema.payoutCommissions).values({ payoutId, commissionId, brandId, amount: c!.amount });
      await tx.update(schema.commissions).set({ status: "paid", paidAt: now, approvedAt: c!.approvedAt ?? now, payoutId }).where(eq(schema.commissions.id, commissionId));
    }),
  );
}

/** Runs the app worker's cron handler once, as the every-minute trigger would. */
export async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled!({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env, ctx);
  await waitOnExecutionContext(ctx);
}

export const post = (brand: BrandFixture, path: string) => call(path, { method: "POST", key: brand.apiKey });
