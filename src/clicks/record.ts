import { sql } from "drizzle-orm";
import { hmacSha256, toHex } from "../infra/crypto";
import type { Tx } from "../infra/db/client";
import type { ClickRecord } from "../infra/queues/messages";

/** Keyed hash of a visitor IP: comparable across clicks, not reversible without the secret. */
export async function hashIp(key: CryptoKey, ip: string): Promise<string> {
  return toHex(await hmacSha256(key, `ip:${ip}`)).slice(0, 32);
}

/**
 * Inserts one brand's clicks and bumps the per-link daily rollups in ONE statement, so
 * they commit together. Only rows actually inserted are counted (`on conflict do
 * nothing … returning`): a redelivered message inserts nothing and counts nothing.
 * Returns how many clicks were new.
 */
export async function insertClicks(tx: Tx, clicks: (ClickRecord & { ipHash?: string | undefined })[]): Promise<number> {
  const rows = clicks.map((c) => ({
    id: c.id,
    link: c.link,
    brand: c.brand,
    campaign: c.campaign,
    enrollment: c.enrollment,
    affiliate: c.affiliate,
    at: c.at,
    country: c.country ?? null,
    referrer: c.referrer ?? null,
    ua: c.ua ?? null,
    ip_hash: c.ipHash ?? null,
  }));
  const result = await tx.execute(sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        id text, link text, brand text, campaign text, enrollment text, affiliate text,
        at bigint, country text, referrer text, ua text, ip_hash text)
    ), inserted as (
      insert into clicks (id, brand_id, campaign_id, enrollment_id, affiliate_id, link_id, clicked_at, country, referrer, user_agent, ip_hash)
      select id, brand, campaign, enrollment, affiliate, link, to_timestamp(at / 1000.0), country, referrer, ua, ip_hash from incoming
      on conflict (id) do nothing
      returning link_id, brand_id, campaign_id, enrollment_id, affiliate_id, clicked_at
    ), counted as (
      insert into link_daily_clicks (link_id, day, brand_id, campaign_id, enrollment_id, affiliate_id, clicks)
      select link_id, (clicked_at at time zone 'UTC')::date, min(brand_id), min(campaign_id), min(enrollment_id), min(affiliate_id), count(*)
        from inserted group by 1, 2
      on conflict (link_id, day) do update set clicks = link_daily_clicks.clicks + excluded.clicks
      returning clicks
    )
    select (select count(*) from inserted)::int as inserted`);
  const [row] = (result as unknown as { rows: { inserted: number }[] }).rows;
  return row?.inserted ?? 0;
}
