import { sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import type { conversions } from "../infra/db/schema";
import { CLICK_FLOODING, IP_BURST, IP_CLICKS_CAP, REFUND_ABUSE, type FraudSignals } from "./fraud";

type Sale = typeof conversions.$inferSelect;

/**
 * The numbers the fraud rules need about a credited sale, in one round trip, under the
 * brand's principal (so every count is of this brand's rows). Each count is bounded so a
 * busy link or a prolific creator costs the same as a quiet one: same-IP clicks come from
 * the (link, IP hash, time) index and stop at IP_CLICKS_CAP; sales are counted only as
 * far as the rule can still fire (for flooding, one more than clicks / CLICK_FLOODING.clicksPerSale,
 * none under minClicks; for refund abuse, one more than twice the refunded sales), which
 * leaves every rule's verdict unchanged.
 */
export async function fraudSignals(tx: Tx, sale: Sale): Promise<FraudSignals> {
  const at = sale.occurredAt.toISOString();
  const result = await tx.execute(sql`
    with me as (
      select k.id, k.link_id, k.ip_hash, k.clicked_at from clicks k where k.id = ${sale.clickId}
    ), flood as (
      select coalesce(sum(d.clicks), 0)::int as clicks from link_daily_clicks d
       where d.affiliate_id = ${sale.affiliateId} and d.enrollment_id = ${sale.enrollmentId}
         and d.day > (${at}::timestamptz - make_interval(days => ${CLICK_FLOODING.days}))::date
    ), refunded as (
      select count(distinct c.sale_id)::int as n from conversions c
       where c.affiliate_id = ${sale.affiliateId} and c.type = 'refund' and c.sale_id is not null
         and c.occurred_at > ${at}::timestamptz - make_interval(days => ${REFUND_ABUSE.days})
    )
    select
      (select email from affiliates where id = ${sale.affiliateId}) as affiliate_email,
      (select email from customers where id = ${sale.customerId}) as customer_email,
      (select id from me) as click_id,
      (select count(*)::int from (
        select 1 from clicks k, me
         where me.ip_hash is not null and k.link_id = me.link_id and k.ip_hash = me.ip_hash
           and k.clicked_at between me.clicked_at - make_interval(mins => ${IP_BURST.minutes})
                                and me.clicked_at + make_interval(mins => ${IP_BURST.minutes})
         limit ${IP_CLICKS_CAP}) s) as same_ip_clicks,
      (select clicks from flood) as enrollment_clicks,
      (select count(*)::int from (
        select 1 from conversions c
         where c.affiliate_id = ${sale.affiliateId} and c.type = 'sale' and c.enrollment_id = ${sale.enrollmentId}
           and c.occurred_at > ${at}::timestamptz - make_interval(days => ${CLICK_FLOODING.days}) and c.occurred_at <= ${at}::timestamptz
         limit (select case when clicks >= ${CLICK_FLOODING.minClicks} then clicks / ${CLICK_FLOODING.clicksPerSale} + 1 else 0 end from flood)) s) as enrollment_sales,
      (select n from refunded) as affiliate_refunded_sales,
      (select count(*)::int from (
        select 1 from conversions c
         where c.affiliate_id = ${sale.affiliateId} and c.type = 'sale'
           and c.occurred_at > ${at}::timestamptz - make_interval(days => ${REFUND_ABUSE.days}) and c.occurred_at <= ${at}::timestamptz
         limit (select greatest(2 * n + 1, ${REFUND_ABUSE.minSales}) from refunded)) s) as affiliate_sales`);
  const r = (result as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
  return {
    affiliateEmail: (r.affiliate_email as string | null) ?? null,
    customerEmail: (r.customer_email as string | null) ?? null,
    // The link's code as the visitor saw it, from the attribution the sale carries.
    click: r.click_id ? { id: r.click_id as string, linkCode: sale.attribution.linkCode ?? sale.linkId ?? "?", sameIpClicks: Number(r.same_ip_clicks) } : null,
    enrollmentClicks: Number(r.enrollment_clicks),
    enrollmentSales: Number(r.enrollment_sales),
    affiliateSales: Number(r.affiliate_sales),
    affiliateRefundedSales: Number(r.affiliate_refunded_sales),
  };
}
