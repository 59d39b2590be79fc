import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import type { conversions } from "../infra/db/schema";
import { CLICK_FLOODING, IP_BURST, IP_CLICKS_CAP, REFUND_ABUSE, type FraudSignals } from "./fraud";

type Sale = typeof conversions.$inferSelect;

/**
 * The numbers the fraud rules need about a credited sale, in one round trip (for many sales: fraudSignalsOf), under the
 * brand's principal (so every count is of this brand's rows). Each count is bounded so a
 * busy link or a prolific creator costs the same as a quiet one: same-IP clicks come from
 * the (link, IP hash, time) index and stop at IP_CLICKS_CAP; sales are counted only as
 * far as the rule can still fire (for flooding, one more than clicks / CLICK_FLOODING.clicksPerSale,
 * none under minClicks; for refund abuse, one more than twice the refunded sales), which
 * leaves every rule's verdict unchanged.
 */
export async function fraudSignals(tx: Tx, sale: Sale): Promise<FraudSignals> {
  return (await fraudSignalsOf(tx, [sale])).get(sale.id)!;
}

/**
 * fraudSignals for many sales of one brand, in one statement whatever their number; keyed by
 * sale id. The sales are all inserted already, in arrival order (ids sort in insert order,
 * newIds): a sale's counts take of the others only those inserted up to it, as if they had
 * been recorded one at a time in arrival order (a later-arriving sale paid earlier does not
 * count).
 */
export async function fraudSignalsOf(tx: Tx, sales: Sale[]): Promise<Map<string, FraudSignals>> {
  if (sales.length === 0) return new Map();
  const result = await tx.execute(fraudSignalsQuery(sales));
  return readFraudSignals(sales, (result as unknown as { rows: Record<string, unknown>[] }).rows);
}

/** fraudSignalsOf's statement: one row per sale (`id`), for callers that ask it together with other reads (createEarnings). */
export function fraudSignalsQuery(sales: Sale[]): SQL {
  const input = JSON.stringify(
    sales.map((s) => ({ id: s.id, affiliate_id: s.affiliateId, enrollment_id: s.enrollmentId, customer_id: s.customerId, click_id: s.clickId, at: s.occurredAt.toISOString() })),
  );
  return sql`
    with w as (select w.id from jsonb_to_recordset(${input}::jsonb) as w(id text))
    select s.id,
      (select email from affiliates where id = s.affiliate_id) as affiliate_email,
      (select email from customers where id = s.customer_id) as customer_email,
      me.id as click_id,
      (select count(*)::int from (
        select 1 from clicks k
         where me.ip_hash is not null and k.link_id = me.link_id and k.ip_hash = me.ip_hash
           and k.clicked_at between me.clicked_at - make_interval(mins => ${IP_BURST.minutes})
                                and me.clicked_at + make_interval(mins => ${IP_BURST.minutes})
         limit ${IP_CLICKS_CAP}) x) as same_ip_clicks,
      flood.clicks as enrollment_clicks,
      (select count(*)::int from (
        select 1 from conversions c
         where c.affiliate_id = s.affiliate_id and c.type = 'sale' and c.enrollment_id = s.enrollment_id
           and c.occurred_at > s.at - make_interval(days => ${CLICK_FLOODING.days}) and c.occurred_at <= s.at
           and (c.id collate "C" <= s.id collate "C" or c.id not in (select w.id from w))
         limit (case when flood.clicks >= ${CLICK_FLOODING.minClicks} then flood.clicks / ${CLICK_FLOODING.clicksPerSale} + 1 else 0 end)) x) as enrollment_sales,
      refunded.n as affiliate_refunded_sales,
      (select count(*)::int from (
        select 1 from conversions c
         where c.affiliate_id = s.affiliate_id and c.type = 'sale'
           and c.occurred_at > s.at - make_interval(days => ${REFUND_ABUSE.days}) and c.occurred_at <= s.at
           and (c.id collate "C" <= s.id collate "C" or c.id not in (select w.id from w))
         limit greatest(2 * refunded.n + 1, ${REFUND_ABUSE.minSales})) x) as affiliate_sales
    from jsonb_to_recordset(${input}::jsonb) as s(id text, affiliate_id text, enrollment_id text, customer_id text, click_id text, at timestamptz)
    left join lateral (select k.id, k.link_id, k.ip_hash, k.clicked_at from clicks k where k.id = s.click_id) me on true
    cross join lateral (
      select coalesce(sum(d.clicks), 0)::int as clicks from link_daily_clicks d
       where d.affiliate_id = s.affiliate_id and d.enrollment_id = s.enrollment_id
         and d.day > (s.at - make_interval(days => ${CLICK_FLOODING.days}))::date
    ) flood
    cross join lateral (
      select count(distinct c.sale_id)::int as n from conversions c
       where c.affiliate_id = s.affiliate_id and c.type = 'refund' and c.sale_id is not null
         and c.occurred_at > s.at - make_interval(days => ${REFUND_ABUSE.days})
    ) refunded`;
}

/** The signals of `sales` from fraudSignalsQuery's rows, keyed by sale id. */
export function readFraudSignals(sales: Sale[], rows: Record<string, unknown>[]): Map<string, FraudSignals> {
  const signals = new Map<string, FraudSignals>();
  const byId = new Map(sales.map((s) => [s.id, s]));
  for (const r of rows) {
    const sale = byId.get(r.id as string)!;
    signals.set(sale.id, {
      affiliateEmail: (r.affiliate_email as string | null) ?? null,
      customerEmail: (r.customer_email as string | null) ?? null,
      // The link's code as the visitor saw it, from the attribution the sale carries.
      click: r.click_id ? { id: r.click_id as string, linkCode: sale.attribution.linkCode ?? sale.linkId ?? "?", sameIpClicks: Number(r.same_ip_clicks) } : null,
      enrollmentClicks: Number(r.enrollment_clicks),
      enrollmentSales: Number(r.enrollment_sales),
      affiliateSales: Number(r.affiliate_sales),
      affiliateRefundedSales: Number(r.affiliate_refunded_sales),
    });
  }
  return signals;
}
