import { and, eq, gte, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { conversions, customers, trackingLinks } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { attributionOf, creditColumns, insideWindow, promoOfBinding, type Touch } from "./touch";
import { adoptedByLead, creditedByCustomer, followerOf } from "./trail";

export interface Customer {
  id: string;
  externalId: string;
  binding: { touch: Touch; boundAt: Date } | null;
}

/**
 * The brand's customer `externalId`, created on first sight and locked for the rest of
 * the transaction, so two events of one customer never bind it concurrently.
 */
export async function lockCustomer(tx: Tx, brandId: string, externalId: string, email: string | undefined): Promise<Customer> {
  await tx
    .insert(customers)
    .values({ id: newId("customer"), brandId, externalId, email: email ?? null })
    .onConflictDoNothing();
  const [row] = await tx
    .select({ customer: customers, linkCode: trackingLinks.code })
    .from(customers)
    .leftJoin(trackingLinks, eq(trackingLinks.id, customers.linkId))
    .where(and(eq(customers.brandId, brandId), eq(customers.externalId, externalId)))
    .for("update", { of: customers });
  if (!row) throw new Error(`customer ${externalId} vanished inside its transaction`);
  const c = row.customer;
  if (email && c.email !== email) await tx.update(customers).set({ email, updatedAt: new Date() }).where(eq(customers.id, c.id));
  const bound = c.clickId && c.linkId && c.enrollmentId && c.campaignId && c.affiliateId && c.clickedAt && c.windowDays && c.attributionModel && c.boundAt;
  return {
    id: c.id,
    externalId: c.externalId,
    binding: bound
      ? {
          boundAt: c.boundAt!,
          touch: {
            clickId: c.clickId!,
            promoCode: promoOfBinding(c.clickId!),
            clickedAt: c.clickedAt!,
            windowDays: c.windowDays!,
            model: c.attributionModel!,
            linkId: c.linkId!,
            linkCode: row.linkCode ?? c.linkId!,
            enrollmentId: c.enrollmentId!,
            campaignId: c.campaignId!,
            affiliateId: c.affiliateId!,
          },
        }
      : null,
  };
}

/**
 * Whether `candidate` (a click inside its window at `at`) takes the customer's binding.
 * The incumbent's model decides: last click → the later click wins, first click → the
 * earlier one does; an incumbent whose window has closed by `at` always yields. Comparing
 * click times, not arrival order, makes the outcome independent of delivery order.
 */
export function takesBinding(current: Customer["binding"], candidate: Touch, at: Date): boolean {
  if (!current) return true;
  const incumbent = current.touch;
  if (incumbent.clickId === candidate.clickId) return false;
  if (!insideWindow(incumbent.clickedAt, incumbent.windowDays, at)) return true;
  return incumbent.model === "first_click" ? candidate.clickedAt < incumbent.clickedAt : candidate.clickedAt > incumbent.clickedAt;
}

export async function bind(tx: Tx, customer: Customer, touch: Touch, eventId: string, at: Date): Promise<Customer> {
  await tx
    .update(customers)
    .set({
      clickId: touch.clickId,
      linkId: touch.linkId,
      enrollmentId: touch.enrollmentId,
      campaignId: touch.campaignId,
      affiliateId: touch.affiliateId,
      clickedAt: touch.clickedAt,
      windowDays: touch.windowDays,
      attributionModel: touch.model,
      boundAt: at,
      boundByEventId: eventId,
      updatedAt: new Date(),
    })
    .where(eq(customers.id, customer.id));
  return { ...customer, binding: { touch, boundAt: at } };
}

/**
 * How long before a promotion code's use a sale of its customer may have been paid with it.
 * A promotion-code touch has no click: its time is when the event carrying the code happened,
 * and the checkout that carries it (Stripe's session, a lead) completes after the payment it
 * took (the invoice, which names the discount only by its bare id).
 */
export const PROMO_CODE_LOOKBACK_MS = 86_400_000;

/**
 * Credits the customer's uncredited sales that happened after the click (for a promotion
 * code, from a day before it was used: PROMO_CODE_LOOKBACK_MS), and their refunds and
 * disputes: a sale processed before the lead that binds its customer (events may arrive in
 * any order) ends up credited as if the lead had come first.
 */
export async function adoptUncreditedSales(tx: Tx, customer: Customer): Promise<void> {
  if (!customer.binding) return;
  const { touch, boundAt } = customer.binding;
  const trail = adoptedByLead(customer.externalId, creditedByCustomer(customer.externalId, touch, boundAt));
  const credit = creditColumns(touch);
  const since = touch.promoCode ? new Date(touch.clickedAt.getTime() - PROMO_CODE_LOOKBACK_MS) : touch.clickedAt;
  const adopted = await tx
    .update(conversions)
    .set({ ...credit, attribution: attributionOf("customer", touch), trail })
    .where(and(eq(conversions.customerId, customer.id), eq(conversions.type, "sale"), isNull(conversions.affiliateId), gte(conversions.occurredAt, since)))
    .returning({ id: conversions.id, invoiceId: conversions.invoiceId, paymentId: conversions.paymentId });
  // One statement per follower: adoption is rare and each trail names its sale.
  for (const sale of adopted) {
    const followers = await tx
      .select({ id: conversions.id, type: conversions.type, kind: conversions.kind })
      .from(conversions)
      .where(and(inArray(conversions.type, ["refund", "dispute"]), eq(conversions.saleId, sale.id)));
    for (const f of followers) {
      await tx
        .update(conversions)
        .set({ ...credit, attribution: { via: "sale" }, trail: followerOf(f, sale, trail) })
        .where(eq(conversions.id, f.id));
    }
  }
}
