import { accrueInScope } from "../commissions/accrue";
import type { Tx } from "../infra/db/client";
import { insertMany } from "../infra/db/insert-many";
import { trackingEvents } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { verifyClickId } from "../tracking/click-id";
import { insertConversions } from "./conversion";
import { creditThroughClick, creditThroughCustomer, type Credit, type Lookups } from "./credit";
import { newId } from "../infra/ids";
import { bindAll, createCustomers, type Customer, type PendingBind } from "./customers";
import { eventTime, type SaleData } from "./inputs";
import { follows, linkFollowers, saleValues } from "./sale";
import { promoLinks, touchOfClick, touchOfPromoCode, type PromoLink } from "./touch";
import { readWave } from "./wave-reads";

/**
 * Whether an event is recorded with others as a set (recordSales): an S2S sale, the bulk of
 * the traffic. Gateway sales (their connection's verdict and health), renewals whose trial
 * history must be read, and every other type are recorded one by one (recordEvent).
 */
export function recordsAsSet(event: AcceptedEvent): boolean {
  if (event.type !== "sale" || event.connection) return false;
  const data = event.data as unknown as SaleData;
  return !(data.kind === "renewal" && data.subscription_id);
}

/**
 * The customer a set-recorded sale names, if any. A wave (recordSales) holds each customer
 * once: a customer's second sale could be adopted by the first's bind, which a set applies
 * only to sales recorded before it.
 */
export const customerOfSale = (event: AcceptedEvent) => (event.data as unknown as SaleData).customer_external_id;

/**
 * Records a wave of S2S sales of one brand (distinct event ids, each customer once) in the
 * caller's transaction, as recordEvent + accrueCommissions would one by one, in a fixed
 * number of statements whatever the wave's size:
 *
 * 1. the tracking events (one insert; the unique keys make a redelivery a no-op),
 * 2. in one statement (readWave) the existing customers (locked), the links of the click
 *    ids (verified here first) and the refunds and disputes that arrived before their sale;
 *    then the links carrying the promotion codes, if any,
 * 3. the credit of each sale, decided in memory by the same rules (creditThroughCustomer,
 *    creditThroughClick), then the customers seen first, created bound as decided
 *    (createCustomers), and the binds of existing ones with the adoption of their earlier
 *    uncredited sales (bindAll),
 * 4. the conversions (one insert, the unique invoice key skipping a payment reported twice)
 *    and their webhook events; the early refunds and disputes read in 2. are linked to
 *    their sale (rare; a few statements each),
 * 5. the commissions of everything the sales scope (accrueInScope: one due query, then
 *    createEarnings) and their webhook events.
 *
 * Returns the webhook deliveries to enqueue after commit.
 */
export async function recordSales(tx: Tx, key: CryptoKey, events: AcceptedEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const brandId = events[0]!.brand;
  const inserted = await insertMany(
    tx,
    trackingEvents,
    events.map((event) => ({
        id: event.id,
        brandId: event.brand,
        source: event.source ?? "s2s",
        deliveryId: event.delivery,
        keyId: (event.source ?? "s2s") === "s2s" ? (event.key ?? null) : null,
        connectionId: null,
        livemode: event.livemode ?? true,
        type: event.type,
        payload: event.data,
      receivedAt: new Date(event.receivedAt),
    })),
    { onConflictDoNothing: true, returning: ["id"] },
  );
  const fresh = new Set(inserted.map((r) => r.id));
  for (const event of events) {
    // A duplicate is a normal outcome (redelivery, a sender's retry, a replay): logged, not an error.
    if (!fresh.has(event.id)) console.log(JSON.stringify({ level: "info", message: "event already recorded", outcome: "duplicate_event", event_id: event.id, brand_id: brandId }));
  }
  const sales = events.filter((e) => fresh.has(e.id)).map((event) => ({ event, data: event.data as unknown as SaleData, at: eventTime(event) }));
  if (sales.length === 0) return [];

  const clickIds = [...new Set(sales.flatMap((s) => (s.data.click_id ? [s.data.click_id] : [])))];
  const claims = new Map(await Promise.all(clickIds.map(async (id) => [id, await verifyClickId(key, id)] as const)));
  const linkIds = [...new Set([...claims.values()].flatMap((c) => (c ? [c.linkId] : [])))];
  const codes = [...new Set(sales.flatMap((s) => (s.data.promo_code ? [s.data.promo_code] : [])))];
  const externalIds = [...new Set(sales.flatMap((s) => (s.data.customer_external_id ? [s.data.customer_external_id] : [])))];
  const invoices = [...new Set(sales.flatMap((s) => (s.data.invoice_id ? [s.data.invoice_id] : [])))];
  const payments = [...new Set(sales.flatMap((s) => (s.data.payment_id ? [s.data.payment_id] : [])))];
  // One statement: the customers that exist (locked), the click ids' links, and the refunds
  // and disputes that arrived before their sale. Customers not found are created below
  // with the binding this wave decides for them (createCustomers), not created here and
  // updated there.
  const read = await readWave(tx, brandId, { externalIds, linkIds, invoices, payments });
  const { customers, links } = read;
  const created = new Set<string>();
  for (const externalId of externalIds) {
    if (customers.has(externalId)) continue;
    const customer: Customer = { id: newId("customer"), externalId, binding: null };
    customers.set(externalId, customer);
    created.add(customer.id);
  }
  const promos = new Map<string, PromoLink>(codes.length > 0 ? (await promoLinks(tx, brandId, codes)).map((p) => [p.link.promoCode!, p]) : []);

  const binds = new Map<string, PendingBind>();
  const look: Lookups = {
    customer: async (externalId) => customers.get(externalId)!,
    touch: async (clickId) => {
      const c = claims.get(clickId);
      return c ? touchOfClick(clickId, c, links.get(c.linkId)) : { ok: false, reason: "invalid_click", clickId };
    },
    promo: async (code, at) => {
      const row = promos.get(code);
      return row ? touchOfPromoCode(code, row, at) : undefined;
    },
    bind: async (customer, touch, eventId, at) => {
      const bound: Customer = { ...customer, binding: { touch, boundAt: at } };
      customers.set(customer.externalId, bound);
      binds.set(customer.id, { customer: bound, eventId });
      return bound;
    },
  };
  const values = [];
  for (const { event, data, at } of sales) {
    let customer: Customer | undefined;
    let credit: Credit;
    if (data.customer_external_id) {
      const claim = { what: "sale", externalId: data.customer_external_id, clickId: data.click_id, promoCode: data.promo_code };
      ({ customer, credit } = await creditThroughCustomer(look, event, claim, at));
    } else {
      credit = await creditThroughClick(look, data.click_id, data.promo_code, at);
    }
    values.push(saleValues(event, data, customer, credit, at));
  }
  await createCustomers(
    tx,
    brandId,
    [...customers.values()].filter((c) => created.has(c.id)).map((customer) => ({ customer, eventId: binds.get(customer.id)?.eventId })),
  );
  await bindAll(tx, [...binds.values()].filter((b) => !created.has(b.customer.id)));

  const { rows, deliveries } = await insertConversions(tx, brandId, values);
  const early = read.early;
  if (early.length > 0) {
    for (const row of rows) {
      const mine = early.filter((f) => follows(f, row));
      if (mine.length > 0) await linkFollowers(tx, row, mine);
    }
  }
  const recorded = new Set(rows.map((r) => r.sourceEventId));
  deliveries.push(...(await accrueInScope(tx, brandId, sales.filter((s) => recorded.has(s.event.id)).map((s) => s.data))));
  return deliveries;
}
