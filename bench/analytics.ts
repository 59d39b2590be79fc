import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { newId } from "../src/infra/ids";
import { DEMO_IDS } from "../scripts/local/seed";
import { clicksPerDay, conversionsPerDay, topAffiliates } from "../src/analytics/queries";
import { signSessionJwt } from "../src/auth/session-jwt";
import { listCommissions } from "../src/commissions/queries";
import { listConversions } from "../src/conversions/queries";
import { drizzleOptions, type Db, type Tx } from "../src/infra/db/client";
import { withBrand } from "../src/infra/db/principal";
import type { BenchHarness, BenchPhase, BenchRow } from "./types";

/**
 * Dashboard analytics at scale: seeds one brand (the demo brand) with BENCH_CLICKS clicks
 * (default 10 M) and BENCH_CONVERSIONS conversions (default 1 M) with their commissions,
 * plus two noise brands with a tenth of that each, then times the dashboard's analytics,
 * conversions list, commissions list and CSV exports through the app worker as the demo
 * brand's signed-in owner: BENCH_ANALYTICS_REQUESTS sequential requests each (default 50,
 * after 5 warm-up), p95 per endpoint against the 50 ms target.
 *
 * Seeding is set-based SQL (generate_series) run as the app role under each brand's
 * principal, so forced RLS and the rollup triggers apply exactly as in production:
 * - clicks arrive "through the rollups": link_daily_clicks rows for every link and day
 *   (BENCH_DAYS, default 365) summing to BENCH_CLICKS, plus raw click rows only for the
 *   last BENCH_RAW_CLICK_DAYS days (default 3), matching those days' rollups. No dashboard
 *   endpoint reads raw clicks; attribution and fraud checks read recent ones by link.
 * - conversions: 10 % leads, 84 % sales, 5 % refunds, 1 % disputes (opened/won/lost), 95 %
 *   credited over BENCH_AFFILIATES creators (default 500, skewed as affiliate programs are:
 *   creator k's share falls like 1/sqrt(k), the first 10 % bring ~30 %), 3 % test mode, USD and EUR;
 *   one earning commission per credited sale (pending, approved or voided). Inserted in one
 *   statement per chunk, so conversion_daily_stats is filled by its triggers.
 */

const CLICKS = Number(process.env.BENCH_CLICKS ?? 10_000_000);
const CONVERSIONS = Number(process.env.BENCH_CONVERSIONS ?? 1_000_000);
const AFFILIATES = Number(process.env.BENCH_AFFILIATES ?? 500);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RAW_CLICK_DAYS = Number(process.env.BENCH_RAW_CLICK_DAYS ?? 3);
const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 50);
const WARMUP = 5;
const NOISE_BRANDS = 2;
const CHUNK = 200_000;

interface SeedBrand {
  brandId: string;
  campaignId: string;
  /** Prefix of this brand's generated ids, so brands never collide. */
  tag: string;
  clicks: number;
  conversions: number;
  affiliates: number;
}

/** Runs `fn` in one transaction as the app role with the brand principal set (RLS applies). */
async function asBrand<T>(appUrl: string, brandId: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('app.brand_id', $1, true)", [brandId]);
    const out = await fn(client);
    await client.query("commit");
    return out;
  } finally {
    await client.end();
  }
}

/** A noise brand and its campaign, created as the product does: under the brand's own principal. */
export async function createBrand(appUrl: string, b: SeedBrand): Promise<void> {
  await asBrand(appUrl, b.brandId, async (c) => {
    await c.query(`insert into brands (id, name) values ($1, $2)`, [b.brandId, `Noise ${b.tag}`]);
    await c.query(
      `insert into campaigns (id, brand_id, name, destination_url, commission_type, commission_duration, currency, commission_rate_bps, visibility)
       values ($1, $2, 'Noise campaign', 'https://noise.example/', 'percentage', 'one_time', 'USD', 2000, 'listed')`,
      [b.campaignId, b.brandId],
    );
  });
  // Listed campaigns wait for staff review before creators may apply (createCreators): staff approve it.
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('app.platform_admin', 'on', true), set_config('app.user_id', $1, true)", [newId("user")]);
    await client.query(`update campaigns set listing_status = 'approved' where id = $1`, [b.campaignId]);
    await client.query("commit");
  } finally {
    await client.end();
  }
}

/**
 * Creators, their approved enrollments and one link each: the creator applies under its own
 * principal (pending), the brand approves, as the consent guard requires. One DO block.
 */
export async function createCreators(appUrl: string, b: SeedBrand): Promise<void> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query(`
      do $$
      declare i int; aff text; enr text;
      begin
        for i in 1..${b.affiliates} loop
          aff := 'aff_bench${b.tag}' || lpad(i::text, ${21 - b.tag.length}, '0');
          enr := 'enr_bench${b.tag}' || lpad(i::text, ${21 - b.tag.length}, '0');
          perform set_config('app.brand_id', '', true);
          perform set_config('app.affiliate_id', aff, true);
          insert into affiliates (id, email, display_name) values (aff, aff || '@creator.test', 'Creator ${b.tag}' || i);
          insert into enrollments (id, brand_id, campaign_id, affiliate_id, status, source) values (enr, '${b.brandId}', '${b.campaignId}', aff, 'pending', 'network');
          perform set_config('app.affiliate_id', '', true);
          perform set_config('app.brand_id', '${b.brandId}', true);
          update enrollments set status = 'approved', decided_at = now() where id = enr;
          insert into tracking_links (id, brand_id, campaign_id, enrollment_id, affiliate_id, code)
            values ('lnk_bench${b.tag}' || lpad(i::text, ${21 - b.tag.length}, '0'), '${b.brandId}', '${b.campaignId}', enr, aff, 'bench${b.tag}' || i);
        end loop;
      end $$`);
  } finally {
    await client.end();
  }
}

/** Daily click rollups for every link and day summing exactly to `clicks`, and raw rows for the last days. */
export async function seedClicks(appUrl: string, b: SeedBrand): Promise<void> {
  await asBrand(appUrl, b.brandId, async (c) => {
    const cells = b.affiliates * DAYS;
    await c.query(
      `insert into link_daily_clicks (link_id, day, brand_id, campaign_id, enrollment_id, affiliate_id, clicks)
       select l.id, d.day, l.brand_id, l.campaign_id, l.enrollment_id, l.affiliate_id,
              (floor($1::bigint * (n + 1) / $2::bigint) - floor($1::bigint * n / $2::bigint))::int
         from (select l.*, row_number() over (order by id) - 1 as i from tracking_links l where id like $3) l
        cross join lateral (select (current_date - g)::date as day, (l.i * $4::int + g) as n from generate_series(0, $4::int - 1) g) d
       on conflict (link_id, day) do update set clicks = link_daily_clicks.clicks + excluded.clicks`,
      [b.clicks, cells, `lnk_bench${b.tag}%`, DAYS],
    );
    await c.query(
      `insert into clicks (id, brand_id, campaign_id, enrollment_id, affiliate_id, link_id, clicked_at, country, referrer, user_agent, ip_hash)
       select 'clk_bench${b.tag}_' || r.link_id || '_' || r.day || '_' || g, r.brand_id, r.campaign_id, r.enrollment_id, r.affiliate_id, r.link_id,
              r.day + make_interval(secs => (g * 86399.0 / r.clicks)), 'US', 'https://blog.example/post', 'Mozilla/5.0', md5(g::text || r.link_id)
         from link_daily_clicks r, generate_series(1, r.clicks) g
        where r.link_id like $1 and r.day > current_date - $2::int`,
      [`lnk_bench${b.tag}%`, RAW_CLICK_DAYS],
    );
  });
}

/** Events, conversions and earning commissions, in chunks (one statement each per chunk). */
export async function seedConversions(appUrl: string, b: SeedBrand): Promise<void> {
  for (let from = 1; from <= b.conversions; from += CHUNK) {
    const to = Math.min(b.conversions, from + CHUNK - 1);
    await asBrand(appUrl, b.brandId, async (c) => {
      // g → shape: occurred evenly over DAYS, older first (ids sort by time like real ones).
      const params = [b.brandId, b.campaignId, from, to, b.conversions, DAYS, b.affiliates];
      // Ids sort by time across brands, as real ones do (ms timestamp first), so one brand's
      // newest rows interleave with the others' in the primary key.
      const shape = `
        select s0.*,
               'tev_' || stamp || '${b.tag}' || lpad(g::text, ${13 - b.tag.length}, '0') as event_id,
               'cnv_' || stamp || '${b.tag}' || lpad(g::text, ${13 - b.tag.length}, '0') as id,
               'com_' || stamp || '${b.tag}' || lpad(g::text, ${13 - b.tag.length}, '0') as commission_id
          from (select g, $1::text as brand, $2::text as campaign,
                       case when g % 100 < 10 then 'lead' when g % 100 < 94 then 'sale' when g % 100 < 99 then 'refund' else 'dispute' end as type,
                       g % 20 <> 0 as credited,
                       g % 33 <> 0 as livemode,
                       case when g % 10 = 3 then 'EUR' else 'USD' end as currency,
                       lpad((floor($7::int * power(((g * 7919) % 100003) / 100003.0, 2)) + 1)::text, ${21 - b.tag.length}, '0') as creator,
                       at, lpad((extract(epoch from at) * 1000)::bigint::text, 13, '0') as stamp
                  from generate_series($3::bigint, $4::bigint) g,
                       lateral (select now() - make_interval(days => $6::int) + ($6::int * interval '1 day') * (g::float8 / $5::bigint) as at) t) s0`;
      await c.query(
        `insert into tracking_events (id, brand_id, source, delivery_id, type, payload, received_at, livemode)
         select event_id, brand, 's2s', event_id, type, '{}'::jsonb, at, livemode from (${shape}) s`,
        params,
      );
      await c.query(
        `insert into conversions (id, brand_id, type, source_event_id, customer_external_id, affiliate_id, enrollment_id, campaign_id, link_id,
                                  amount, currency, invoice_id, payment_id, reference_id, kind, source, livemode, occurred_at, attribution, trail, created_at)
         select id, brand, type, event_id, 'cust_' || (g % 50000),
                case when credited then 'aff_bench${b.tag}' || creator end,
                case when credited then 'enr_bench${b.tag}' || creator end,
                case when credited then campaign end,
                case when credited then 'lnk_bench${b.tag}' || creator end,
                case when type = 'lead' then null else 1900 + (g % 80) * 100 end,
                case when type = 'lead' then null else currency end,
                case when type = 'lead' then null else 'in_' || g end,
                case when type in ('refund', 'dispute') then 'pi_' || g end,
                case when type = 'dispute' then 'dp_' || g end,
                case when type = 'dispute' then (array['opened', 'won', 'lost'])[g % 3 + 1] when type = 'sale' then 'first_purchase' end,
                's2s', livemode, at,
                case when credited then jsonb_build_object('via', 'click', 'linkCode', 'bench${b.tag}' || creator::int) else '{"via": null, "reason": "unknown_click"}'::jsonb end,
                case when credited then 'Credited through a click on the creator''s link.' else 'Not credited: no click.' end,
                at
           from (${shape}) s`,
        params,
      );
      await c.query(
        `insert into commissions (id, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, kind, amount, currency,
                                  status, hold_until, explanation, approved_at, voided_at, livemode, created_at, updated_at)
         select commission_id, brand, campaign, 'enr_bench${b.tag}' || creator, 'aff_bench${b.tag}' || creator, id, event_id,
                'earning', (1900 + (g % 80) * 100) / 5, currency,
                case when g % 20 = 1 then 'voided' when at < now() - interval '30 days' then 'approved' else 'pending' end,
                at + interval '30 days', '{"lines": ["20 % of the sale."], "inputs": {}}'::jsonb,
                case when g % 20 <> 1 and at < now() - interval '30 days' then at + interval '30 days' end,
                case when g % 20 = 1 then at + interval '1 day' end,
                livemode, at, at
           from (${shape}) s where type = 'sale' and credited`,
        params,
      );
    });
  }
}

/** A dashboard session for the demo brand's owner, signed as the app worker signs it. */
async function ownerSession(appUrl: string, secret: string): Promise<string> {
  const sessionId = `ses_bench${Date.now().toString(36).padStart(21, "0")}`;
  const expiresAt = new Date(Date.now() + 24 * 3600_000);
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('app.user_id', $1, true)", [DEMO_IDS.user]);
    await client.query(`insert into sessions (id, user_id, expires_at) values ($1, $2, $3)`, [sessionId, DEMO_IDS.user, expiresAt]);
    await client.query("commit");
  } finally {
    await client.end();
  }
  return `__Host-rekomi_session=${await signSessionJwt(secret, { sessionId, userId: DEMO_IDS.user }, expiresAt)}`;
}

const p95 = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};

/**
 * Times `REQUESTS` sequential GETs of a path (after warm-up). For CSV, `lines` stops reading
 * after that many lines (one keyset page of the stream): the time to the first page is what
 * a person waits for; the full file is timed once separately.
 */
async function timeGet(base: string, cookie: string, path: string, lines?: number): Promise<number[]> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie, origin: base } });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    if (lines === undefined) await res.arrayBuffer();
    else {
      const reader = res.body!.getReader();
      let seen = 0;
      while (seen < lines) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const byte of value) if (byte === 10) seen++;
      }
      await reader.cancel();
    }
    return performance.now() - started;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  return times;
}

/**
 * The same queries the endpoints run, straight from Node as the app role under the brand
 * principal (one transaction each, as the worker's): how much of an endpoint's time is
 * Postgres, as opposed to the worker, the session check and the database bridge.
 */
async function timeSql(db: Db, brandId: string, fn: (tx: Tx) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const started = performance.now();
    await withBrand(db, brandId, fn);
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const analyticsPhase: BenchPhase = async (h: BenchHarness): Promise<BenchRow[]> => {
  if (!h.appUrl) throw new Error("the analytics phase needs harness.appUrl (the app worker's direct socket)");
  const demo: SeedBrand = { brandId: h.demo.brand_id, campaignId: h.demo.campaign_id, tag: "d", clicks: CLICKS, conversions: CONVERSIONS, affiliates: AFFILIATES };
  const noise: SeedBrand[] = Array.from({ length: NOISE_BRANDS }, (_, i) => ({
    brandId: `brd_benchnoise${String(i).padStart(17, "0")}`,
    campaignId: `cmp_benchnoise${String(i).padStart(17, "0")}`,
    tag: `n${i}`,
    clicks: Math.round(CLICKS / 10),
    conversions: Math.round(CONVERSIONS / 10),
    affiliates: Math.max(1, Math.round(AFFILIATES / 10)),
  }));

  const seedStarted = performance.now();
  h.log(`analytics: seeding ${CLICKS.toLocaleString("en-US")} clicks and ${CONVERSIONS.toLocaleString("en-US")} conversions (+ ${NOISE_BRANDS} noise brands at 10 %)…`);
  for (const b of noise) await createBrand(h.database.appUrl, b);
  for (const b of [demo, ...noise]) {
    const t = performance.now();
    await createCreators(h.database.appUrl, b);
    await seedClicks(h.database.appUrl, b);
    const tc = performance.now();
    await seedConversions(h.database.appUrl, b);
    h.log(`analytics: ${b.brandId}: creators + clicks ${((tc - t) / 1000).toFixed(1)} s, conversions + commissions ${((performance.now() - tc) / 1000).toFixed(1)} s`);
  }
  const owner = new pg.Client({ connectionString: h.database.ownerUrl });
  await owner.connect();
  // What autovacuum does for a table that took inserts: statistics, and the visibility map
  // index-only scans of the rollups rely on.
  for (const table of ["conversions", "commissions", "tracking_events", "clicks", "link_daily_clicks", "campaign_daily_clicks", "conversion_daily_stats", "conversion_monthly_stats", "campaign_daily_conversions"]) {
    await owner.query(`vacuum analyze ${table}`);
  }
  await owner.end();
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  h.log(`analytics: seeded in ${seedSeconds.toFixed(1)} s`);

  const cookie = await ownerSession(h.database.appUrl, h.secrets.SESSION_SECRET!);
  const brand = `/api/brands/${demo.brandId}`;
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  const firstPage = await (await fetch(`${h.appUrl}${brand}/conversions?limit=50`, { headers: { cookie } })).json() as { next_cursor: string | null };

  const from30 = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const creator = `aff_benchd${"1".padStart(20, "0")}`;
  const analytics = (from: string, affiliateId?: string) => async (tx: Tx) => {
    const f = { brandId: demo.brandId, from, to: today, livemode: true, affiliateId };
    await clicksPerDay(tx, f);
    await conversionsPerDay(tx, f);
    await topAffiliates(tx, f, 10);
  };
  const scenarios: { id: string; what: string; path: string; lines?: number; sql?: (tx: Tx) => Promise<unknown> }[] = [
    { id: "analytics_p95_ms", what: "dashboard analytics, last 30 days", path: `${brand}/analytics`, sql: analytics(from30) },
    { id: "analytics_year_p95_ms", what: "dashboard analytics, 365 days", path: `${brand}/analytics?from=${yearAgo}&to=${today}`, sql: analytics(yearAgo) },
    { id: "analytics_creator_p95_ms", what: "dashboard analytics, one creator, 365 days", path: `${brand}/analytics?from=${yearAgo}&to=${today}&affiliate_id=${creator}`, sql: analytics(yearAgo, creator) },
    { id: "conversions_list_p95_ms", what: "conversions list, first page (50)", path: `${brand}/conversions?limit=50`, sql: (tx) => listConversions(tx, { livemode: true, brandId: demo.brandId }, { limit: 50 }) },
    { id: "conversions_list_next_p95_ms", what: "conversions list, next page by cursor", path: `${brand}/conversions?limit=50&cursor=${firstPage.next_cursor}` },
    {
      id: "conversions_list_sales_p95_ms",
      what: "conversions list, sales of one creator",
      path: `${brand}/conversions?limit=50&type=sale&affiliate_id=aff_benchd${"7".padStart(20, "0")}`,
      sql: (tx) => listConversions(tx, { livemode: true, brandId: demo.brandId, type: "sale", affiliateId: `aff_benchd${"7".padStart(20, "0")}` }, { limit: 50 }),
    },
    { id: "commissions_list_p95_ms", what: "commissions list, first page (50)", path: `${brand}/commissions?limit=50`, sql: (tx) => listCommissions(tx, { livemode: true, brandId: demo.brandId }, { limit: 50 }) },
    { id: "commissions_list_pending_p95_ms", what: "commissions list, pending", path: `${brand}/commissions?limit=50&status=pending`, sql: (tx) => listCommissions(tx, { livemode: true, brandId: demo.brandId, status: "pending" }, { limit: 50 }) },
    { id: "conversions_csv_page_p95_ms", what: "conversions CSV export, first 500 lines", path: `${brand}/conversions/export.csv`, lines: 501, sql: (tx) => listConversions(tx, { livemode: true, brandId: demo.brandId }, { limit: 500 }) },
    { id: "commissions_csv_page_p95_ms", what: "commissions CSV export, first 500 lines", path: `${brand}/commissions/export.csv`, lines: 501, sql: (tx) => listCommissions(tx, { livemode: true, brandId: demo.brandId }, { limit: 500 }) },
  ];
  // The floor: the cheapest signed-in call (session check and one read), same harness.
  const floor = await timeGet(h.appUrl, cookie, "/api/me");
  h.log(`analytics: floor GET /api/me: p95 ${p95(floor).toFixed(1)} ms, median ${median(floor).toFixed(1)} ms`);
  const pool = new pg.Pool({ connectionString: h.database.appUrl, max: 1 });
  const db = drizzle({ client: pool, ...drizzleOptions }) as unknown as Db;
  const rows: BenchRow[] = [];
  try {
    for (const s of scenarios) {
      const times = await timeGet(h.appUrl, cookie, s.path, s.lines);
      const sql = s.sql ? await timeSql(db, demo.brandId, s.sql) : undefined;
      const value = Number(p95(times).toFixed(1));
      const sqlNote = sql ? `, SQL alone p95 ${p95(sql).toFixed(1)} ms (median ${median(sql).toFixed(1)})` : "";
      h.log(`analytics: ${s.what}: p95 ${value} ms, median ${median(times).toFixed(1)} ms${sqlNote} (${times.length} requests)`);
      rows.push({
        id: s.id,
        what: s.what,
        value,
        unit: "ms",
        target: { op: "<=", value: 50 },
        note: `${CLICKS.toLocaleString("en-US")} clicks, ${CONVERSIONS.toLocaleString("en-US")} conversions (seeded in ${seedSeconds.toFixed(0)} s), ${REQUESTS} sequential requests${sqlNote}; floor GET /api/me p95 ${p95(floor).toFixed(1)} ms`,
      });
    }
  } finally {
    await pool.end();
  }
  // The whole conversions CSV once: pages of 500 rows, each its own keyset query.
  const fullStarted = performance.now();
  const full = await fetch(`${h.appUrl}${brand}/conversions/export.csv`, { headers: { cookie } });
  const text = await full.text();
  const fullSeconds = (performance.now() - fullStarted) / 1000;
  const lineCount = text.split("\n").length - 2;
  h.log(`analytics: full conversions CSV: ${lineCount.toLocaleString("en-US")} rows in ${fullSeconds.toFixed(1)} s (${Math.round(lineCount / fullSeconds).toLocaleString("en-US")} rows/s)`);
  return rows;
};
