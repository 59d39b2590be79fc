import autocannon from "autocannon";
import { createHmac } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { drizzleOptions, type Db } from "../src/infra/db/client";
import { newId } from "../src/infra/ids";
import type { AcceptedEvent, EventBatchMessage } from "../src/infra/queues/messages";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cpuMicros, workerdPids } from "./hot-paths-cpu";
import type { BenchHarness, BenchPhase, BenchRow } from "./types";

/**
 * "Sales → commissions": signed S2S sales offered to the edge, measured from Postgres, as
 * the events consumer turns them into conversions and commissions (src/attribution/sales-set.ts).
 *
 * 1. Latency at a fixed offered rate (BENCH_SALES_RATE, default 500/s, for
 *    BENCH_SALES_SECONDS, default 20 s): p95 from the edge accepting a sale
 *    (`tracking_events.received_at`, the edge's clock) to its commission's `created_at`
 *    (the recording transaction's start; its commit follows within that transaction).
 * 2. Sustained throughput, offered as fast as the edge accepts (BENCH_SALES_BURST sales,
 *    default 20,000, 50 connections): credited sales per second = commissions created /
 *    (last commission's created_at − first sale's accept), the whole pipeline included.
 *
 * Each run tags its invoices, so the queries count only its own sales. The load generator,
 * workerd and Postgres share the machine's cores: on 2 cores every figure is lower than on
 * separate machines, and noisy when other work runs.
 */

const RATE = Number(process.env.BENCH_SALES_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SALES_SECONDS ?? 20);
const BURST = Number(process.env.BENCH_SALES_BURST ?? 20_000);
const ALONE = Number(process.env.BENCH_SALES_ALONE ?? 10_000);
const BATCH = Number(process.env.BENCH_SALES_BATCH ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DRAIN_MS = Number(process.env.BENCH_SALES_DRAIN_SECONDS ?? 300) * 1000;

/**
 * CPU time so far, in microseconds, of this bench's workerd (edge and app workers: accepting
 * sales and consuming them), of its embedded Postgres (the postmaster, its live backends and
 * those that exited: a Worker's pool opens backends per batch) and of this Node process.
 * Unlike rates, CPU per credited sale hardly depends on what else shares the cores.
 */
function cpuNow(h: Pick<BenchHarness, "database">): { workerd: number; postgres: number; node: number } {
  const ticks = (pid: number, children: boolean) => {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  };
  let postgres = NaN;
  if (h.database.dataDir) {
    const postmaster = Number(readFileSync(join(h.database.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    let t = ticks(postmaster, true);
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const text = readFileSync(`/proc/${name}/stat`, "utf8");
        if (Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]) === postmaster) t += ticks(Number(name), false);
      } catch {
        // exited meanwhile: counted in the postmaster's children time
      }
    }
    postgres = t * 10_000; // 100 Hz clock ticks
  }
  const node = process.cpuUsage();
  return { workerd: cpuMicros(workerdPids()), postgres, node: node.user + node.system };
}

/** CPU per credited sale between two cpuNow readings, in µs, for the log and the rows' notes. */
function cpuPerSale(from: ReturnType<typeof cpuNow>, to: ReturnType<typeof cpuNow>, sales: number, who: ("workerd" | "postgres" | "node")[]): string {
  return who.map((k) => `${k} ${Math.round((to[k] - from[k]) / Math.max(sales, 1))} µs`).join(", ") + " CPU per credited sale";
}

/** A Standard Webhooks signed sale of the demo link's click, with its own customer and invoice `in_<run>_<i>`. */
function signedSale(h: BenchHarness, key: Buffer, run: string, i: number): { body: string; headers: Record<string, string> } {
  const id = `msg_${run}_${i}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ click_id: h.clickId, customer_external_id: `cus_${run}_${i}`, amount: 4900, currency: "USD", invoice_id: `in_${run}_${i}`, product_id: "pro_monthly" });
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { body, headers: { "content-type": "application/json", "rekomi-key-id": h.demo.s2s_key_id, "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature}` } };
}

const secretOf = (h: BenchHarness) => Buffer.from(h.demo.s2s_secret.slice("whsec_".length), "base64");

/** As fast as the edge accepts: autocannon, CONNECTIONS connections, a fixed number of sales. */
async function offerFlat(h: BenchHarness, run: string, amount: number): Promise<{ accepted: number; seconds: number }> {
  const key = secretOf(h);
  let n = 0;
  const requests: autocannon.Request[] = [{ method: "POST", path: "/v1/track/sale", setupRequest: (req) => ({ ...req, ...signedSale(h, key, run, n++) }) }];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((done, fail) =>
    autocannon({ url: h.edgeUrl, connections: CONNECTIONS, pipelining: 1, timeout: 30, amount, requests }, (err, res) => (err ? fail(err) : done(res))),
  );
  const seconds = (performance.now() - started) / 1000;
  h.log(`sales ${run}: offered ${result.requests.total} in ${seconds.toFixed(1)} s (${Math.round(result.requests.total / seconds)}/s), accepted ${result["2xx"]}, errors ${result.errors + result.timeouts}`);
  return { accepted: result["2xx"], seconds };
}

/**
 * At a fixed rate: sale i leaves at start + i / rate whatever the answers (an open loop, so a
 * slow consumer cannot slow the offer down), on keep-alive connections.
 */
async function offerPaced(h: BenchHarness, run: string, amount: number, rate: number): Promise<{ accepted: number; seconds: number }> {
  const key = secretOf(h);
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let accepted = 0;
  for (let i = 0; i < amount; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // As many requests in flight as autocannon's connections at most: past that the offer
    // lags behind its schedule (reported below) rather than piling up sockets.
    while (inFlight.size >= CONNECTIONS) await Promise.race(inFlight);
    const { body, headers } = signedSale(h, key, run, i);
    const sent: Promise<void> = fetch(`${h.edgeUrl}/v1/track/sale`, { method: "POST", body, headers })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 202) accepted++;
      })
      .catch(() => undefined)
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }
  const offeredIn = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  h.log(`sales ${run}: offered ${amount} in ${offeredIn.toFixed(1)} s (${Math.round(amount / offeredIn)}/s), accepted ${accepted}`);
  return { accepted, seconds: offeredIn };
}

/**
 * The consumer alone, without the edge and workerd: the same consumeEvents over
 * node-postgres as the app role, fed batches of BENCH_SALES_BATCH messages (one sale each,
 * as the edge's micro-batches hold them when traffic is light) one after the other, as one
 * queue consumer would. What the edge and workerd cost on the shared cores is left out, so
 * this is the consumer's own ceiling.
 */
export async function consumerAlone(h: Pick<BenchHarness, "database" | "secrets" | "demo" | "clickId" | "log">, run: string, amount: number, batchSize: number): Promise<{ seconds: number }> {
  const pool = new pg.Pool({ connectionString: h.database.appUrl, max: 4 });
  const spent = new Map<string, { n: number; ms: number }>();
  if (process.env.BENCH_SALES_PROFILE) {
    // Where a batch's time goes, per statement (first 70 characters of its text).
    pool.on("connect", (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
        const text = typeof args[0] === "string" ? args[0] : ((args[0] as { text?: string }).text ?? "?");
        const key = text.replace(/\s+/g, " ").slice(0, 70);
        const t0 = performance.now();
        const done = () => {
          const e = spent.get(key) ?? { n: 0, ms: 0 };
          spent.set(key, { n: e.n + 1, ms: e.ms + performance.now() - t0 });
        };
        const p = query(...args);
        p.then(done, done);
        return p;
      };
    });
  }
  const db = drizzle({ client: pool, ...drizzleOptions }) as unknown as Db;
  const config = {
    CLICK_SIGNING_SECRET: h.secrets.CLICK_SIGNING_SECRET!,
    SECRETS_ENCRYPTION_KEY: h.secrets.SECRETS_ENCRYPTION_KEY!,
    STRIPE_API_URL: undefined,
    WEBHOOKS: { sendBatch: async () => undefined },
  } as never;
  const now = Date.now();
  const messages: EventBatchMessage[] = Array.from({ length: amount }, (_, i) => {
    const event: AcceptedEvent = {
      id: newId("trackingEvent"),
      brand: h.demo.brand_id,
      key: h.demo.s2s_key_id,
      delivery: `msg_${run}_${i}`,
      type: "sale",
      data: { click_id: h.clickId, customer_external_id: `cus_${run}_${i}`, amount: 4900, currency: "USD", invoice_id: `in_${run}_${i}`, product_id: "pro_monthly" },
      receivedAt: now,
    };
    return { v: 1, events: [event] };
  });
  // Loaded by path: the consumer's module types use the Workers globals that this Node
  // program's tsconfig leaves out; at run time it needs none of them.
  const consumerPath = "../src/attribution/consumer.ts";
  const { consumeEvents } = (await import(consumerPath)) as { consumeEvents: (batch: never, config: never, db: Db) => Promise<void> };
  const started = performance.now();
  try {
    for (let i = 0; i < messages.length; i += batchSize) {
      const batch = {
        queue: "rekomi-events",
        messages: messages.slice(i, i + batchSize).map((body, j) => ({ id: `${run}-${i + j}`, timestamp: new Date(), attempts: 1, body, ack() {}, retry() {} })),
        ackAll() {},
        retryAll() {},
      };
      await consumeEvents(batch as never, config, db);
    }
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  for (const [key, v] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) h.log(`  ${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(5)}× ${key}`);
  return { seconds };
}

interface RunStats {
  commissions: number;
  firstAccept: Date | null;
  lastCommission: Date | null;
  p50: number | null;
  p95: number | null;
}

/**
 * What Postgres holds of one run, read as the app role under the demo brand's principal
 * (the owner role has no policy: FORCE RLS shows it nothing), as run.ts counts.
 */
export async function statsOf(h: Pick<BenchHarness, "database" | "demo">, run: string): Promise<RunStats> {
  const client = new pg.Client({ connectionString: h.database.appUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('app.brand_id', $1, true)", [h.demo.brand_id]);
    const { rows } = await client.query<{ commissions: number; first_accept: Date | null; last_commission: Date | null; p50: number | null; p95: number | null }>(
      `with s as (
         select t.received_at, m.created_at
           from conversions v
           join tracking_events t on t.id = v.source_event_id
           join commissions m on m.conversion_id = v.id and m.brand_id = v.brand_id and m.kind = 'earning'
          where v.type = 'sale' and v.invoice_id like $1
       )
       select count(*)::int as commissions, min(received_at) as first_accept, max(created_at) as last_commission,
              percentile_cont(0.5) within group (order by extract(epoch from created_at - received_at) * 1000) as p50,
              percentile_cont(0.95) within group (order by extract(epoch from created_at - received_at) * 1000) as p95
         from s`,
      [`in\\_${run}\\_%`],
    );
    await client.query("commit");
    const r = rows[0]!;
    return { commissions: r.commissions, firstAccept: r.first_accept, lastCommission: r.last_commission, p50: r.p50 === null ? null : Number(r.p50), p95: r.p95 === null ? null : Number(r.p95) };
  } finally {
    await client.end();
  }
}

async function drained(h: BenchHarness, run: string, accepted: number): Promise<RunStats> {
  const started = Date.now();
  let stats = await statsOf(h, run);
  let logged = Date.now();
  while (stats.commissions < accepted && Date.now() - started < DRAIN_MS) {
    await new Promise((r) => setTimeout(r, 250));
    stats = await statsOf(h, run);
    if (Date.now() - logged > 10_000) {
      h.log(`sales ${run}: ${stats.commissions} of ${accepted} commissions so far`);
      logged = Date.now();
    }
  }
  if (stats.commissions < accepted) h.log(`sales ${run}: only ${stats.commissions} of ${accepted} commissions after ${DRAIN_MS / 1000} s`);
  return stats;
}

export const salesPhase: BenchPhase = async (h) => {
  const tag = `s${Date.now().toString(36)}`;
  const aloneCpu = cpuNow(h);
  const alone = await consumerAlone(h, `${tag}c`, ALONE, BATCH);
  const aloneStats = await statsOf(h, `${tag}c`);
  const aloneCpuNote = cpuPerSale(aloneCpu, cpuNow(h), aloneStats.commissions, ["node", "postgres"]);
  const alonePerSecond = aloneStats.commissions / alone.seconds;
  h.log(`sales → commissions: the consumer alone credited ${aloneStats.commissions}/${ALONE} sales in ${alone.seconds.toFixed(1)} s = ${Math.round(alonePerSecond)}/s (batches of ${BATCH}); ${aloneCpuNote}`);
  if (process.env.BENCH_SALES_EDGE === "0") return [];
  h.log(`sales → commissions: warm-up, ${RATE}/s for ${SECONDS} s, then ${BURST} as fast as accepted`);
  const warm = await offerPaced(h, `${tag}w`, Math.min(200, RATE), RATE);
  await drained(h, `${tag}w`, warm.accepted);

  const pacedCpu = cpuNow(h);
  const paced = await offerPaced(h, `${tag}r`, RATE * SECONDS, RATE);
  const atRate = await drained(h, `${tag}r`, paced.accepted);
  const pacedCpuNote = cpuPerSale(pacedCpu, cpuNow(h), atRate.commissions, ["workerd", "postgres"]);

  const burstCpu = cpuNow(h);
  const burst = await offerFlat(h, `${tag}b`, BURST);
  const sustained = await drained(h, `${tag}b`, burst.accepted);
  const burstCpuNote = cpuPerSale(burstCpu, cpuNow(h), sustained.commissions, ["workerd", "postgres"]);
  const span = sustained.firstAccept && sustained.lastCommission ? (sustained.lastCommission.getTime() - sustained.firstAccept.getTime()) / 1000 : Infinity;
  const perSecond = sustained.commissions / span;
  h.log(
    `sales → commissions: at ${RATE}/s offered p50 ${atRate.p50?.toFixed(0)} ms, p95 ${atRate.p95?.toFixed(0)} ms (${atRate.commissions}/${paced.accepted} credited); ` +
      `burst ${sustained.commissions}/${burst.accepted} credited in ${span.toFixed(1)} s from first accept to last commission = ${Math.round(perSecond)}/s (edge accepted ${Math.round(burst.accepted / burst.seconds)}/s)`,
  );
  h.log(`sales → commissions: at ${RATE}/s ${pacedCpuNote} (workerd: accepting and consuming); burst ${burstCpuNote}`);
  const lost = paced.accepted - atRate.commissions + (burst.accepted - sustained.commissions);
  const rows: BenchRow[] = [
    {
      id: "credited_sales_per_s",
      what: "credited sales through the events consumer (accept → conversion → commission), sustained",
      value: Math.round(perSecond),
      unit: "sales/s",
      target: { op: ">=", value: 1000 },
      note: `${sustained.commissions} signed S2S sales offered as fast as the edge accepts (${CONNECTIONS} connections): commissions / (last commission − first accept)${lost > 0 ? `; ${lost} without commission` : ""}; ${burstCpuNote} (workerd: edge and app)`,
    },
    {
      id: "accept_to_commission_p95_ms",
      what: `p95 from the edge accepting a sale to its commission, at ${RATE} sales/s offered`,
      value: Math.round(atRate.p95 ?? Infinity),
      unit: "ms",
      target: { op: "<=", value: 2000 },
      note: `${atRate.commissions} sales over ${SECONDS} s; p50 ${Math.round(atRate.p50 ?? 0)} ms; tracking_events.received_at → commissions.created_at; ${pacedCpuNote}`,
    },
  ];
  rows.push({
    id: "consumer_sales_per_s",
    what: "credited sales per second, the events consumer alone (no edge, no workerd)",
    value: Math.round(alonePerSecond),
    unit: "sales/s",
    target: { op: ">=", value: 1000 },
    note: `${aloneStats.commissions} sales in batches of ${BATCH} messages, one consumer, node-postgres as the app role; ${aloneCpuNote}`,
  });
  return rows;
};
