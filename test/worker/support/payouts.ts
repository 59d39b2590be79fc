import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../../src/infra/app/worker";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import type { PayoutMessage } from "../../../src/infra/queues/messages";
import type { Payout, PayoutRun } from "../../../src/payouts/schemas";
import { createAffiliate, createBrand, enroll, recordCommission, usingDb, type BrandFixture } from "./fixtures";
import { recordingQueue } from "./tracking";

/**
 * Payout fixtures written the way the product writes them: commissions as the brand,
 * connected accounts as their creator (a brand may only read them), the saved payment
 * method as the brand (what the payment-method flow stores).
 */

export interface Creator {
  affiliateId: string;
  enrollmentId: string;
  campaignId: string;
}

export async function creatorOf(brand: BrandFixture, name = "Payee"): Promise<Creator> {
  const { affiliateId } = await createAffiliate({ name });
  const { enrollmentId } = await enroll(brand, affiliateId);
  return { affiliateId, enrollmentId, campaignId: brand.campaignId };
}

type Kind = schema.CommissionKind;

/** One commission with the sale behind it (five times its amount); approved and live unless told otherwise. */
export function commission(
  brandId: string,
  c: Creator,
  amount: number,
  opts: { kind?: Kind; currency?: string; livemode?: boolean; status?: schema.CommissionStatus; reversesId?: string } = {},
): Promise<string> {
  const enrollment = { id: c.enrollmentId, campaignId: c.campaignId, affiliateId: c.affiliateId };
  return recordCommission(brandId, enrollment, { ...opts, amount, saleAmount: Math.abs(amount) * 5, status: opts.status ?? "approved", holdUntil: new Date() });
}

/** The creator's Express account as onboarding records it (the creator's own row). */
export async function payoutAccount(affiliateId: string, opts: { transfersActive?: boolean } = {}): Promise<string> {
  const stripeAccountId = `acct_${newId("payout").slice(3, 19)}`;
  await usingDb((db) =>
    withPrincipal(db, { kind: "affiliate", affiliateId }, (tx) =>
      tx.insert(schema.payoutAccounts).values({ affiliateId, stripeAccountId, country: "US", detailsSubmitted: true, transfersActive: opts.transfersActive ?? true, payoutsEnabled: opts.transfersActive ?? true }),
    ),
  );
  return stripeAccountId;
}

/** A saved payment method on the brand's policy, as the payment-method flow stores it. */
export async function savedMethod(brandId: string, type: schema.SavedPaymentMethod["type"] = "card"): Promise<string> {
  const id = `pm_${newId("payout").slice(3, 19)}`;
  const paymentMethod = { id, type, label: type === "card" ? "Visa" : "Bank", last4: "4242" };
  await usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, (tx) =>
      tx
        .insert(schema.payoutPolicies)
        .values({ brandId, stripeCustomerId: `cus_${id.slice(3)}`, paymentMethod })
        .onConflictDoUpdate({ target: schema.payoutPolicies.brandId, set: { paymentMethod, stripeCustomerId: `cus_${id.slice(3)}` } }),
    ),
  );
  return id;
}

/** A W-9 the creator filed and the brand accepted (what the tax-form pages record). */
export async function acceptedTaxForm(brandId: string, affiliateId: string): Promise<void> {
  const taxFormId = newId("taxForm");
  const reviewer = newId("user");
  await usingDb(async (db) => {
    await withPrincipal(db, { kind: "affiliate", affiliateId }, (tx) =>
      tx.insert(schema.taxForms).values({ id: taxFormId, affiliateId, formType: "w9", signedOn: new Date().toISOString().slice(0, 10), objectKey: `tax-forms/${taxFormId}.pdf`, sha256: "0".repeat(64), sizeBytes: 1024 }),
    );
    await withPrincipal(db, { kind: "brand", brandId, userId: reviewer }, (tx) => tx.insert(schema.taxFormReviews).values({ taxFormId, brandId, affiliateId, decision: "accepted", reviewedByUserId: reviewer }));
  });
}

/** A brand and one payable creator: a transfer-ready account and `amount` approved. */
export async function payableBrand(amount = 5_000): Promise<{ brand: BrandFixture; creator: Creator; commissionId: string }> {
  const brand = await createBrand();
  const creator = await creatorOf(brand);
  await payoutAccount(creator.affiliateId);
  const commissionId = await commission(brand.brandId, creator, amount);
  return { brand, creator, commissionId };
}

/** Calls the app worker with PAYOUTS_QUEUE recording what it is sent (waits for waitUntil work too). */
export async function callRecording(path: string, init: { method?: string; key: string }): Promise<{ res: Response; sent: PayoutMessage[] }> {
  const queue = recordingQueue<PayoutMessage>();
  const ctx = createExecutionContext();
  const res = await worker.fetch!(
    new Request(`http://worker.test${path}`, { method: init.method ?? "POST", headers: { authorization: `Bearer ${init.key}` } }) as never,
    { ...env, PAYOUTS_QUEUE: queue } as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { res, sent: queue.sent };
}

export async function json<T>(res: Response, status: number): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json<T>();
}

export const lineOf = (run: PayoutRun, affiliateId: string): Payout | undefined => run.items?.find((p) => p.affiliate_id === affiliateId);

/** The commissions' payout ids, read as the brand. */
export async function payoutIdsOf(brandId: string, ids: string[]): Promise<(string | null)[]> {
  return usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, async (tx) => {
      const rows = await tx.select({ id: schema.commissions.id, payoutId: schema.commissions.payoutId }).from(schema.commissions);
      return ids.map((id) => rows.find((r) => r.id === id)?.payoutId ?? null);
    }),
  );
}
