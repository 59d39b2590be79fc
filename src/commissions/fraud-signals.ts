import { sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import type { conversions } from "../db/schema";
import { CLICK_FLOODING, IP_BURST, REFUND_ABUSE, type FraudSignals } from "./fraud";

type Sale = typeof conversions.$inferSelect;

/**
 * The numbers the fraud rules need about a credited sale, in one round trip, under the
 * brand's principal (so every count is of this brand's rows). Each subquery rides an
 * index: clicks by link and time, daily rollups by affiliate and day, conversions by
 * affiliate, type and time.
 */
export async function fraudSignals(tx: Tx, sale: Sale): Promise<FraudSignals> {
  const at = sale.occurredAt.toISOString();
  const result = await tx.execute(sql`
    with me as (
      select k.id, k.link_id, k.ip_hash, k.clicked_at, l.code
        from clicks k left join tracking_links l on l.id = k.link_id
       where k.id = ${sale.clickId}
    )
    select
      (select email from affiliates where id = ${sale.affiliateId}) as affiliate_email,
      (select email from customers where id = ${sale.customerId}) as customer_email,
      (select id from me) as click_id,
      (select coalesce(code, link_id) from me) as link_code,
      (select count(*)::int from clicks k, me
        where me.ip_hash is not null and k.link_id = me.link_id and k.ip_hash = me.ip_hash
          and k.clicked_at between me.clicked_at - make_interval(mins => ${IP_BURST.minutes})
                               and me.clicked_at + make_interval(mins => ${IP_BURST.minutes})) as same_ip_clicks,
      (select coalesce(sum(d.clicks), 0)::int from link_daily_clicks d
        where d.affiliate_id = ${sale.affiliateId} and d.enrollment_id = ${sale.enrollmentId}
          and d.day > (${at}::timestamptz - make_interval(days => ${CLICK_FLOODING.days}))::date) as enrollment_clicks,
      (select count(*)::int from conversions c
        where c.affiliate_id = ${sale.affiliateId} and c.type = 'sale' and c.enrollment_id = ${sale.enrollmentId}
          and c.occurred_at > ${at}::timestamptz - make_interval(days => ${CLICK_FLOODING.days}) and c.occurred_at <= ${at}::timestamptz) as enrollment_sales,
      (select count(*)::int from conversions c
        where c.affiliate_id = ${sale.affiliateId} and c.type = 'sale'
          and c.occurred_at > ${at}::timestamptz - make_interval(days => ${REFUND_ABUSE.days}) and c.occurred_at <= ${at}::timestamptz) as affiliate_sales,
      (select count(distinct c.sale_id)::int from conversions c
        where c.affiliate_id = ${sale.affiliateId} and c.type = 'refund' and c.sale_id is not null
          and c.occurred_at > ${at}::timestamptz - make_interval(days => ${REFUND_ABUSE.days})) as affiliate_refunded_sales`);
  const r = (result as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
  return {
    affiliateEmail: (r.affiliate_email as string | null) ?? null,
    customerEmail: (r.customer_email as string | null) ?? null,
    click: r.click_id ? { id: r.click_id as string, linkCode: r.link_code as string, sameIpClicks: Number(r.same_ip_clicks) } : null,
    enrollmentClicks: Number(r.enrollment_clicks),
    enrollmentSales: Number(r.enrollment_sales),
    affiliateSales: Number(r.affiliate_sales),
    affiliateRefundedSales: Number(r.affiliate_refunded_sales),
  };
}
