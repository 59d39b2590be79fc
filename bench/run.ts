import autocannon from "autocannon";
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions, type V4MiniflareOptions } from "miniflare";
import pg from "pg";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { startDbBridge } from "../scripts/local/bridge";
import { provisionDatabase } from "../scripts/local/database";
import { freePort } from "../scripts/local/ports";
import { seedDemo, DEMO_IDS } from "../scripts/local/seed";
import { ROOT } from "../scripts/local/stack";
import { sealConnectionSecret } from "../src/gateway-connections/secrets";
import { newId } from "../src/infra/ids";
import { salesPhase } from "./sales";
import { rowMet } from "./types";

/**
 * `npm run bench`: the hot paths (redirect, signed S2S sale, signed Stripe `invoice.paid`)
 * against a trivial redirect worker, in ONE harness.
 *
 * Harness: Miniflare (workerd) running the deployable bundles that `wrangler deploy`
 * builds, each worker on its own direct socket (no dev proxy, no request logging: those
 * cap `wrangler dev` near 850 req/s and would measure the proxy, not the worker). The
 * trivial worker, the edge worker and the app worker (queue consumers) share one workerd,
 * the real embedded Postgres and the WebSocket bridge, so every ratio is like for like.
 * Load comes from autocannon with a fixed number of requests per scenario (every request
 * is answered before the run ends, so "answered" is exact for the integrity check). The
 * four scenarios run interleaved for BENCH_ROUNDS rounds and each reports its median
 * round, so a noisy neighbour on the machine skews all of them alike rather than one.
 *
 * Environment: BENCH_REQUESTS per scenario and round (default 20000), BENCH_ROUNDS
 * (default 3), BENCH_CONNECTIONS (default 50), BENCH_DRAIN_SECONDS (default 900: the events
 * consumer also creates a commission per sale).
 */

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Math.min(2_000, Math.ceil(REQUESTS / 10));
const DRAIN_MS = Number(process.env.BENCH_DRAIN_SECONDS ?? 900) * 1000;
const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const TRIVIAL = `export default { fetch: () => new Response(null, { status: 302, headers: { location: "https://acme.example/pricing?ref=partners" } }) };`;

const log = (line: string) => console.log(`[bench] ${line}`);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

/** The bundles `wrangler deploy` would upload. */
function buildBundles(dir: string): { edge: string; app: string } {
  if (!existsSync(join(ROOT, "web", "dist", "index.html"))) run(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
  const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
  run(wrangler, ["deploy", "--dry-run", "--outdir", join(dir, "edge"), "-c", "workers/edge/wrangler.toml"]);
  run(wrangler, ["deploy", "--dry-run", "--outdir", join(dir, "app"), "-c", "wrangler.toml"]);
  return { edge: join(dir, "edge", "worker.js"), app: join(dir, "app", "worker.js") };
}

interface Measured {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  answered: number;
  failed: number;
}

async function load(name: string, opts: autocannon.Options, okStatus: 2 | 3): Promise<Measured> {
  // Timed from the first request to the last response: with a fixed request count
  // autocannon only notices it is done on its next one-second tick.
  const started = performance.now();
  let lastResponse = started;
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ connections: CONNECTIONS, pipelining: 1, timeout: 30, ...opts }, (err, res) => (err ? fail(err) : done(res)));
    instance.on("response", () => {
      lastResponse = performance.now();
    });
  });
  const seconds = (lastResponse - started) / 1000;
  const answered = okStatus === 3 ? result["3xx"] : result["2xx"];
  const failed = result.requests.total - answered + result.errors + result.timeouts;
  const rps = result.requests.total / seconds;
  log(`${name}: ${result.requests.total} requests in ${seconds.toFixed(2)} s, ${Math.round(rps)} req/s, ${answered} answered ${okStatus}xx, ${failed} failed`);
  return { requests: result.requests.total, rps, p50: result.latency.p50, p99: result.latency.p99, answered, failed };
}

/** A sale signed per Standard Webhooks for each request (HMAC-SHA256 over id.timestamp.body). */
function signedSales(keyId: string, secret: string, clickId: string, runId: string): autocannon.Request[] {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  let n = 0;
  return [
    {
      method: "POST",
      path: "/v1/track/sale",
      setupRequest: (req) => {
        const id = `msg_${runId}_${n++}`;
        const timestamp = Math.floor(Date.now() / 1000);
        const body = JSON.stringify({ click_id: clickId, amount: 4900, currency: "USD", invoice_id: `in_${runId}_${n}`, product_id: "pro_monthly" });
        const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
        return {
          ...req,
          body,
          headers: {
            "content-type": "application/json",
            "rekomi-key-id": keyId,
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": `v1,${signature}`,
          },
        };
      },
    },
  ];
}

/**
 * A Stripe `invoice.paid` (API 2025-03-31.basil shape) per request, each with its own event
 * id, signed as Stripe signs: `t=<unix>,v1=hex(HMAC-SHA256(secret, "t.body"))`.
 */
function signedInvoices(connectionId: string, secret: string, clickId: string, runId: string): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: "POST",
      path: `/webhooks/stripe/${connectionId}`,
      setupRequest: (req) => {
        const id = `${runId}_${n++}`;
        const now = Math.floor(Date.now() / 1000);
        const invoice = {
          id: `in_${id}`,
          object: "invoice",
          customer: `cus_${id}`,
          amount_paid: 4900,
          currency: "usd",
          billing_reason: "subscription_create",
          status_transitions: { paid_at: now },
          lines: { data: [{ amount: 4900, pricing: { price_details: { product: "prod_pro" } } }] },
          parent: { subscription_details: { subscription: `sub_${id}`, metadata: { rk_click: clickId } } },
        };
        const body = JSON.stringify({ id: `evt_${id}`, object: "event", api_version: "2025-03-31.basil", created: now, livemode: true, type: "invoice.paid", data: { object: invoice } });
        const signature = createHmac("sha256", secret).update(`${now}.${body}`).digest("hex");
        return { ...req, body, headers: { "content-type": "application/json", "stripe-signature": `t=${now},v1=${signature}` } };
      },
    },
  ];
}

/**
 * A Stripe connection for the demo brand with a pasted signing secret, written as the app
 * role under the brand's principal. Live mode: the demo seed's test-mode Stripe connection
 * may exist, and a brand has one active connection per gateway and mode.
 */
async function connectStripe(appUrl: string, encryptionKey: string): Promise<{ connectionId: string; secret: string }> {
  const connectionId = newId("gatewayConnection");
  const secret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`;
  const sealed = await sealConnectionSecret(encryptionKey, secret, connectionId, DEMO_IDS.brand, "signing_secret");
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('app.brand_id', $1, true)", [DEMO_IDS.brand]);
    await client.query(
      `insert into gateway_connections (id, brand_id, gateway, livemode, name, secret_source, signing_secret_ciphertext, signing_secret_hint)
       values ($1, $2, 'stripe', true, 'Stripe (bench)', 'pasted', $3, $4)`,
      [connectionId, DEMO_IDS.brand, sealed, secret.slice(-4)],
    );
    await client.query("commit");
  } finally {
    await client.end();
  }
  return { connectionId, secret };
}

/** Counts rows of the demo brand as the app role, under the brand's principal (RLS applies). */
async function counts(appUrl: string): Promise<{ clicks: number; events: number; conversions: number; commissions: number; stripeEvents: number }> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('app.brand_id', $1, true)", [DEMO_IDS.brand]);
    const { rows } = await client.query<{ clicks: number; events: number; conversions: number; commissions: number; stripeEvents: number }>(
      `select (select count(*) from clicks where link_id = $1)::int as clicks,
              (select count(*) from tracking_events where type = 'sale' and source = 's2s')::int as events,
              (select count(*) from conversions where type = 'sale' and source = 's2s')::int as conversions,
              (select count(*) from commissions c join conversions v on v.id = c.conversion_id where c.kind = 'earning' and v.source = 's2s')::int as commissions,
              (select count(*) from tracking_events where source = 'stripe')::int as "stripeEvents"`,
      [DEMO_IDS.link],
    );
    await client.query("commit");
    return rows[0]!;
  } finally {
    await client.end();
  }
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const num = (x: number) => Math.round(x).toLocaleString("en-US");

async function main() {
  const work = mkdtempSync(join(tmpdir(), "rekomi-bench-"));
  chmodSync(work, 0o755); // as root, Postgres runs as `postgres` and must enter it
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
  try {
    log(`building the deployable bundles…`);
    const bundles = buildBundles(join(work, "dist"));

    log("starting embedded PostgreSQL and the bridge…");
    const database = await provisionDatabase({ embeddedDir: join(work, "pgdata"), port: await freePort(), persistent: false });
    cleanups.unshift(database.stop);
    const bridge = await startDbBridge(await freePort(), [database.target]);
    cleanups.unshift(bridge.close);
    const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
    const secrets = { SECRETS_ENCRYPTION_KEY: random(), CLICK_SIGNING_SECRET: random(), SESSION_SECRET: random(), PASSWORD_PEPPER: random(), FILE_URL_SECRET: random() };
    const demo = await seedDemo(database.appUrl, secrets.PASSWORD_PEPPER, {}, secrets.SECRETS_ENCRYPTION_KEY);
    const stripe = await connectStripe(database.appUrl, secrets.SECRETS_ENCRYPTION_KEY);
    const bindings = { ...secrets, DATABASE_URL: database.appUrl, LOCAL_DB_BRIDGE: `127.0.0.1:${bridge.port}`, APP_ENV: "development", EMAIL_TRANSPORT: "mailbox" };

    // What each worker's wrangler config declares (queues, assets, flags), from wrangler itself.
    const fromConfig = (path: string) => {
      const o = unstable_getMiniflareWorkerOptions(join(ROOT, path)).workerOptions as Record<string, unknown>;
      const picked = Object.fromEntries(["compatibilityDate", "compatibilityFlags", "queueProducers", "queueConsumers", "r2Buckets", "assets"].filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
      return { ...picked, compatibilityDate: o.compatibilityDate as string, bindings: { ...(o.bindings as object), ...bindings } };
    };
    const edge = fromConfig("workers/edge/wrangler.toml");
    const app = fromConfig("wrangler.toml");
    const direct = [{ host: "127.0.0.1", port: 0 }];
    // Options in Miniflare's v4 shape, which wrangler's config reader produces.
    const options = {
      log: new Log(LogLevel.WARN),
      workers: [
        { name: "trivial", modules: true, script: TRIVIAL, compatibilityDate: edge.compatibilityDate, unsafeDirectSockets: direct },
        { ...edge, name: "rekomi-edge", modules: true, scriptPath: bundles.edge, modulesRoot: dirname(bundles.edge), unsafeDirectSockets: direct },
        { ...app, name: "rekomi-app", modules: true, scriptPath: bundles.app, modulesRoot: dirname(bundles.app) },
      ],
    } as V4MiniflareOptions;
    const mf = new Miniflare(convertV4MiniflareOptions(options));
    cleanups.unshift(() => mf.dispose());
    await mf.ready;
    const trivialUrl = (await mf.unsafeGetDirectURL("trivial")).origin;
    const edgeUrl = (await mf.unsafeGetDirectURL("rekomi-edge")).origin;

    const first = await fetch(`${edgeUrl}/c/${demo.link_code}`, { redirect: "manual", headers: { "user-agent": BROWSER } });
    if (first.status !== 302) throw new Error(`the demo link answered ${first.status}: ${await first.text()}`);
    const clickId = new URL(first.headers.get("location")!).searchParams.get("rk_click")!;

    // Temporary (sales-sets): `BENCH_PHASE=sales npm run bench` runs only the sales → commissions
    // phase; the lead folds it into the phase registry (bench/phases.ts) at merge.
    if (process.env.BENCH_PHASE === "sales") {
      const rows = await salesPhase({ edgeUrl, database, demo, clickId, secrets, log });
      for (const r of rows) log(`${r.id}: ${r.value} ${r.unit} (target ${r.target.op} ${r.target.value}${rowMet(r) ? ", met" : ", MISSED"}) — ${r.note ?? ""}`);
      return;
    }
    const answered = { clicks: 1, events: 0, stripe: 0 };

    const redirect = { url: `${edgeUrl}/c/${demo.link_code}?utm_source=bench`, headers: { "user-agent": BROWSER } };
    const sales = (run: string) => ({ url: edgeUrl, requests: signedSales(demo.s2s_key_id, demo.s2s_secret, clickId, run) });
    const invoices = (run: string) => ({ url: edgeUrl, requests: signedInvoices(stripe.connectionId, stripe.secret, clickId, run) });

    log(`warming up (${WARMUP} requests each)…`);
    await load("trivial warm-up", { url: `${trivialUrl}/c/x`, amount: WARMUP }, 3);
    answered.clicks += (await load("redirect warm-up", { ...redirect, amount: WARMUP }, 3)).answered;
    answered.events += (await load("sale warm-up", { ...sales("warm"), amount: WARMUP }, 2)).answered;
    answered.stripe += (await load("stripe warm-up", { ...invoices("warm"), amount: WARMUP }, 2)).answered;

    log(`measuring (${ROUNDS} rounds of ${REQUESTS} requests per scenario, ${CONNECTIONS} connections)…`);
    const rounds: { trivial: Measured; clicks: Measured; ingest: Measured; stripe: Measured }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const trivialRun = await load(`round ${round} trivial 302`, { url: `${trivialUrl}/c/x`, amount: REQUESTS }, 3);
      const clicksRun = await load(`round ${round} GET /c/{code}`, { ...redirect, amount: REQUESTS }, 3);
      const ingestRun = await load(`round ${round} POST /v1/track/sale`, { ...sales(`run${round}`), amount: REQUESTS }, 2);
      const stripeRun = await load(`round ${round} POST /webhooks/stripe (invoice.paid)`, { ...invoices(`run${round}`), amount: REQUESTS }, 2);
      answered.clicks += clicksRun.answered;
      answered.events += ingestRun.answered;
      answered.stripe += stripeRun.answered;
      rounds.push({ trivial: trivialRun, clicks: clicksRun, ingest: ingestRun, stripe: stripeRun });
    }
    const median = (pick: (r: (typeof rounds)[number]) => Measured): Measured => {
      const sorted = rounds.map(pick).sort((a, b) => a.rps - b.rps);
      return { ...sorted[Math.floor(sorted.length / 2)]!, failed: sorted.reduce((n, m) => n + m.failed, 0) };
    };
    const trivial = median((r) => r.trivial);
    const clicks = median((r) => r.clicks);
    const ingest = median((r) => r.ingest);
    const stripeWebhooks = median((r) => r.stripe);

    log(`waiting for the consumers to drain (up to ${DRAIN_MS / 1000} s)…`);
    const drainStarted = Date.now();
    let stored = await counts(database.appUrl);
    // Every bench S2S sale is credited (through the demo link's click) and earns a commission;
    // every accepted Stripe event is recorded.
    const pending = (s: typeof stored) =>
      s.clicks < answered.clicks || s.events < answered.events || s.conversions < answered.events || s.commissions < answered.events || s.stripeEvents < answered.stripe;
    while (pending(stored) && Date.now() - drainStarted < DRAIN_MS) {
      await new Promise((r) => setTimeout(r, 500));
      stored = await counts(database.appUrl);
    }
    const drainSeconds = (Date.now() - drainStarted) / 1000;

    const row = (m: Measured) => ({ rps: Math.round(m.rps), p50_ms: m.p50, p99_ms: m.p99, vs_trivial: Number((m.rps / trivial.rps).toFixed(3)), requests: m.requests, failed: m.failed });
    const results = {
      measured_at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      harness: "Miniflare (workerd) direct sockets, wrangler-built bundles, one workerd for all three workers; autocannon, fixed request count",
      connections: CONNECTIONS,
      rounds: ROUNDS,
      requests_per_scenario_and_round: REQUESTS,
      per_round: rounds.map((r) => ({
        trivial_rps: Math.round(r.trivial.rps),
        redirect_rps: Math.round(r.clicks.rps),
        s2s_sale_rps: Math.round(r.ingest.rps),
        stripe_invoice_paid_rps: Math.round(r.stripe.rps),
      })),
      scenarios: { trivial_redirect: row(trivial), redirect: row(clicks), s2s_sale: row(ingest), stripe_invoice_paid: row(stripeWebhooks) },
      targets: { redirect_vs_trivial: 0.8, s2s_vs_trivial: 0.6 },
      integrity: {
        clicks: { answered: answered.clicks, in_postgres: stored.clicks, lost: Math.max(0, answered.clicks - stored.clicks) },
        sale_events: { answered: answered.events, in_postgres: stored.events, lost: Math.max(0, answered.events - stored.events) },
        sale_conversions: { in_postgres: stored.conversions },
        sale_commissions: { in_postgres: stored.commissions },
        stripe_events: { answered: answered.stripe, in_postgres: stored.stripeEvents, lost: Math.max(0, answered.stripe - stored.stripeEvents) },
        drained_in_seconds: Number(drainSeconds.toFixed(1)),
      },
    };
    await writeFile(join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");

    console.log(`
  median of ${ROUNDS} interleaved rounds, ${REQUESTS} requests each, ${CONNECTIONS} connections
  scenario               req/s    p50 ms   p99 ms   vs trivial   target
  trivial 302       ${num(trivial.rps).padStart(10)} ${String(trivial.p50).padStart(8)} ${String(trivial.p99).padStart(8)}       100 %
  GET /c/{code}     ${num(clicks.rps).padStart(10)} ${String(clicks.p50).padStart(8)} ${String(clicks.p99).padStart(8)}   ${pct(clicks.rps / trivial.rps).padStart(7)}     ≥ 80 %
  POST /v1/track/sale ${num(ingest.rps).padStart(8)} ${String(ingest.p50).padStart(8)} ${String(ingest.p99).padStart(8)}   ${pct(ingest.rps / trivial.rps).padStart(7)}     ≥ 60 %
  POST /webhooks/stripe ${num(stripeWebhooks.rps).padStart(6)} ${String(stripeWebhooks.p50).padStart(8)} ${String(stripeWebhooks.p99).padStart(8)}   ${pct(stripeWebhooks.rps / trivial.rps).padStart(7)}

  clicks   answered ${answered.clicks}, in Postgres ${stored.clicks}, lost ${results.integrity.clicks.lost}
  events   answered ${answered.events}, in Postgres ${stored.events} (conversions ${stored.conversions}, commissions ${stored.commissions}), lost ${results.integrity.sale_events.lost}
  stripe   answered ${answered.stripe}, in Postgres ${stored.stripeEvents}, lost ${results.integrity.stripe_events.lost}
  drained in ${drainSeconds.toFixed(1)} s after the last request; written to bench/results.json
`);
    const lost = results.integrity.clicks.lost + results.integrity.sale_events.lost + results.integrity.stripe_events.lost;
    if (lost > 0 || clicks.failed > 0 || ingest.failed > 0 || stripeWebhooks.failed > 0) process.exitCode = 1;
  } finally {
    for (const fn of cleanups) await fn().catch((err) => log(`cleanup: ${String(err)}`));
  }
}

await main();
