import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { RowShapeError, insertMany } from "../infra/db/insert-many";
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
  const [customer] = (await lockCustomers(tx, brandId, [{ externalId, email }])).values();
  if (!customer) throw new Error(`customer ${externalId} vanished inside its transaction`);
  return customer;
}

/**
 * lockCustomer for many customers at once (distinct external ids), in three statements at
 * most whatever their number: create the missing, lock all (in id order, so two batches
 * never wait on each other crosswise), update the emails that changed. Keyed by external id.
 */
export async function lockCustomers(tx: Tx, brandId: string, wanted: { externalId: string; email: string | undefined }[]): Promise<Map<string, Customer>> {
  if (wanted.length === 0) return new Map();
  await insertMany(tx, customers, wanted.map((w) => ({ id: newId("customer"), brandId, externalId: w.externalId, email: w.email ?? null })), { onConflictDoNothing: true, returning: [] });
  const { found, emails: current } = await lockExisting(tx, brandId, wanted.map((w) => w.externalId));
  const changed: { id: string; email: string }[] = [];
  for (const w of wanted) {
    const customer = found.get(w.externalId);
    if (customer && w.email && current.get(w.externalId) !== w.email) changed.push({ id: customer.id, email: w.email });
  }
  if (changed.length > 0) {
    await tx.execute(sql`
      update ${customers} c set email = v.email, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as v(id text, email text)
       where c.id = v.id`);
  }
  return found;
}

/**
 * The brand's customers among `externalIds` that exist, locked for the rest of the
 * transaction (in id order, so two batches never wait on each other crosswise), keyed by
 * external id, with their emails; one statement. Those missing are not created.
 */
export async function lockExisting(tx: Tx, brandId: string, externalIds: string[]): Promise<{ found: Map<string, Customer>; emails: Map<string, string | null> }> {
  const found = new Map<string, Customer>();
  const emails = new Map<string, string | null>();
  if (externalIds.length === 0) return { found, emails };
  const rows = await tx
    .select({ customer: customers, linkCode: trackingLinks.code })
    .from(customers)
    .leftJoin(trackingLinks, eq(trackingLinks.id, customers.linkId))
    .where(and(eq(customers.brandId, brandId), inArray(customers.externalId, externalIds)))
    .orderBy(asc(customers.id))
    .for("update", { of: customers });
  for (const row of rows) {
    found.set(row.customer.externalId, customerOf(row.customer, row.linkCode));
    emails.set(row.customer.externalId, row.customer.email);
  }
  return { found, emails };
}

/**
 * Creates the customers a wave of sales (sales-set.ts) saw first, each with the binding the
 * wave decided for it (`eventId`: the sale that bound it), in one statement: the row that
 * lockCustomers' insert and bindAll's update would leave. Such a customer has no earlier
 * sale to adopt. Throws when one exists already (another transaction created it after
 * lockExisting read): the wave's transaction fails, and its retry finds it.
 */
export async function createCustomers(tx: Tx, brandId: string, created: { customer: Customer; eventId: string | undefined }[]): Promise<void> {
  if (created.length === 0) return;
  const rows = await insertMany(
    tx,
    customers,
    created.map(({ customer, eventId }) => {
      const touch = customer.binding?.touch;
      return {
        id: customer.id,
        brandId,
        externalId: customer.externalId,
        email: null,
        clickId: touch?.clickId ?? null,
        linkId: touch?.linkId ?? null,
        enrollmentId: touch?.enrollmentId ?? null,
        campaignId: touch?.campaignId ?? null,
        affiliateId: touch?.affiliateId ?? null,
        clickedAt: touch?.clickedAt ?? null,
        windowDays: touch?.windowDays ?? null,
        attributionModel: touch?.model ?? null,
        boundAt: customer.binding?.boundAt ?? null,
        boundByEventId: customer.binding ? (eventId ?? null) : null,
      };
    }),
    { onConflictDoNothing: true, returning: ["id"] },
  );
  // Cannot happen under the brand's lock; should it, the batch's messages are recorded one by one.
  if (rows.length !== created.length) throw new RowShapeError(`${created.length - rows.length} of ${created.length} new customers were created concurrently`);
}

/** A customer row (with its bound link's code) as crediting reads it. */
export function customerOf(c: typeof customers.$inferSelect, linkCode: string | null): Customer {
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
            linkCode: linkCode ?? c.linkId!,
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

/** A bind decided for a batch of sales (sales-set.ts): the customer, now bound, and the event that bound it. */
export interface PendingBind {
  customer: Customer;
  eventId: string;
}

/**
 * bind and adoptUncreditedSales for many customers (each once) in two statements whatever
 * their number: the bindings, then the adoption of their uncredited sales together with
 * those sales' refunds and disputes (one statement through a data-modifying CTE). The
 * columns, attribution and trails are those the single-customer functions write.
 */
export async function bindAll(tx: Tx, binds: PendingBind[]): Promise<void> {
  const rows = binds.flatMap(({ customer, eventId }) => {
    if (!customer.binding) return [];
    const { touch, boundAt } = customer.binding;
    return [
      {
        id: customer.id,
        event_id: eventId,
        bound_at: boundAt.toISOString(),
        since: (touch.promoCode ? new Date(touch.clickedAt.getTime() - PROMO_CODE_LOOKBACK_MS) : touch.clickedAt).toISOString(),
        click_id: touch.clickId,
        credit_click_id: creditColumns(touch).clickId,
        link_id: touch.linkId,
        enrollment_id: touch.enrollmentId,
        campaign_id: touch.campaignId,
        affiliate_id: touch.affiliateId,
        clicked_at: touch.clickedAt.toISOString(),
        window_days: touch.windowDays,
        model: touch.model,
        attribution: attributionOf("customer", touch),
        trail: adoptedByLead(customer.externalId, creditedByCustomer(customer.externalId, touch, boundAt)),
      },
    ];
  });
  if (rows.length === 0) return;
  const json = JSON.stringify(rows);
  const bound = sql`jsonb_to_recordset(${json}::jsonb) as b(id text, event_id text, bound_at timestamptz, since timestamptz, click_id text, credit_click_id text, link_id text,
    enrollment_id text, campaign_id text, affiliate_id text, clicked_at timestamptz, window_days int, model text, attribution jsonb, trail text)`;
  await tx.execute(sql`
    update ${customers} c set click_id = b.click_id, link_id = b.link_id, enrollment_id = b.enrollment_id, campaign_id = b.campaign_id,
           affiliate_id = b.affiliate_id, clicked_at = b.clicked_at, window_days = b.window_days, attribution_model = b.model,
           bound_at = b.bound_at, bound_by_event_id = b.event_id, updated_at = now()
      from ${bound}
     where c.id = b.id`);
  // The followers' trail is followerOf(f, sale, trail) spelled in SQL.
  await tx.execute(sql`
    with b as (select * from ${bound}),
    adopted as (
      update ${conversions} s set affiliate_id = b.affiliate_id, enrollment_id = b.enrollment_id, campaign_id = b.campaign_id, link_id = b.link_id,
             click_id = b.credit_click_id, attribution = b.attribution, trail = b.trail
        from b
       where s.customer_id = b.id and s.type = 'sale' and s.affiliate_id is null and s.occurred_at >= b.since
      returning s.id, s.invoice_id, s.payment_id, b.affiliate_id, b.enrollment_id, b.campaign_id, b.link_id, b.credit_click_id, b.trail
    )
    update ${conversions} f set affiliate_id = a.affiliate_id, enrollment_id = a.enrollment_id, campaign_id = a.campaign_id, link_id = a.link_id,
           click_id = a.credit_click_id, attribution = '{"via":"sale"}'::jsonb,
           trail = (case when f.type = 'dispute' then 'dispute (' || f.kind || ')' else 'refund' end) || ' of sale ' || a.id || ' ('
             || (case when a.invoice_id is not null then 'invoice ' || a.invoice_id else 'payment ' || a.payment_id end) || '), credited as the sale was: ' || a.trail
      from adopted a
     where f.sale_id = a.id and f.type in ('refund', 'dispute')`);
}
