import { sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import type { Gateway } from "../infra/db/schema/gateways";

export interface QuickstartFacts {
  campaign_id: string | null;
  enrollment_id: string | null;
  link_id: string | null;
  link_code: string | null;
  first_click_day: string | null;
  first_click_carried_at: Date | null;
  /** The first active payment gateway connection, e.g. `stripe` in test mode. */
  gateway: { name: Gateway; livemode: boolean } | null;
  s2s_key_id: string | null;
  first_event_at: Date | null;
  first_conversion_at: Date | null;
}

/**
 * What a new brand has set up so far, in one round trip. Each answer is the first matching
 * row (by time-sorted id, on the brand's indexes) rather than a count: the checklist only
 * asks "is there one yet?".
 */
export async function quickstartFacts(tx: Tx, brandId: string): Promise<QuickstartFacts> {
  const result = await tx.execute(sql`
    select
      (select id from campaigns where brand_id = ${brandId} order by id limit 1) as campaign_id,
      (select id from enrollments where brand_id = ${brandId} and status = 'approved' order by id limit 1) as enrollment_id,
      l.id as link_id,
      l.code as link_code,
      (select min(day)::text from link_daily_clicks where brand_id = ${brandId}) as first_click_day,
      (select created_at from conversions where brand_id = ${brandId} and click_id is not null order by id limit 1) as first_click_carried_at,
      g.gateway, g.livemode,
      (select id from s2s_keys where brand_id = ${brandId} and revoked_at is null order by id limit 1) as s2s_key_id,
      (select received_at from tracking_events where brand_id = ${brandId} order by id limit 1) as first_event_at,
      (select created_at from conversions where brand_id = ${brandId} order by id limit 1) as first_conversion_at
    from (select 1) as one
    left join lateral (select id, code from tracking_links where brand_id = ${brandId} and status = 'active' order by id limit 1) l on true
    left join lateral (select gateway, livemode from gateway_connections where brand_id = ${brandId} and status = 'active' order by id limit 1) g on true`);
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
  const at = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    campaign_id: row.campaign_id as string | null,
    enrollment_id: row.enrollment_id as string | null,
    link_id: row.link_id as string | null,
    link_code: row.link_code as string | null,
    first_click_day: row.first_click_day as string | null,
    first_click_carried_at: at(row.first_click_carried_at),
    gateway: row.gateway ? { name: row.gateway as Gateway, livemode: row.livemode as boolean } : null,
    s2s_key_id: row.s2s_key_id as string | null,
    first_event_at: at(row.first_event_at),
    first_conversion_at: at(row.first_conversion_at),
  };
}
