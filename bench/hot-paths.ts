import autocannon from "autocannon";
import { createHmac } from "node:crypto";
import pg from "pg";
import { DEMO_IDS } from "../scripts/local/seed";
import { sealConnectionSecret } from "../src/gateway-connections/secrets";
import { newId } from "../src/infra/ids";
import { freePort } from "../scripts/local/ports";
import { CPU_TICK_MICROS } from "./hot-paths-cpu";
import { edgeHeapMiB, profileEdge, saveProfile, topSelfTime } from "./hot-paths-profile";
import type { BenchHarness, BenchPhase, BenchRow } from "./types";

/**
 * The `hot` phase: the warm redirect, a signed S2S sale and a signed Stripe `invoice.paid`
 * against a trivial redirect worker, two ways.
 *
 * Each round runs every scenario twice. First in the harness's workerd, where the trivial
 * worker, the edge and the app worker's consumers run together: those requests' clicks and
 * events go through the consumers to Postgres, for the integrity check, and their req/s
 * stay in results.json as `rps`/`vs_trivial`. Then in a second workerd that runs only the
 * trivial and the edge worker: the published figures come from these runs, req/s ratios
 * and CPU per request alike, because in the first workerd the consumers are still working
 * through earlier rounds' sales while the trivial worker is measured (a 20,000-sale round
 * takes them minutes), which once put the redirect above 1× trivial. Load comes from
 * autocannon with a fixed number of requests per scenario (every request is answered
 * before the run ends, so "answered" is exact). The scenarios run interleaved for
 * BENCH_ROUNDS rounds and each reports its median round, so a noisy neighbour skews all of
 * them alike.
 *
 * CPU per request (bench/hot-paths-cpu.ts says why and what it includes): the edge-only
 * workerd process's utime + stime across the run, divided by the requests. The app's consumers are not in that process,
 * so the figure is the edge's alone (plus workerd's HTTP handling, which the trivial
 * figure shows), and it does not depend on who else shares the cores. Targets: a worker
 * that is CPU-bound answers at the inverse of its CPU per request, so the throughput
 * targets (redirect ≥ 0.8× trivial, sale ≥ 0.6×) read as CPU ≤ trivial / 0.8 and ≤
 * trivial / 0.6; Stripe's `invoice.paid` is held to the S2S sale's bar.
 *
 * BENCH_SCENARIOS=redirect,sale runs only those (and the trivial baseline), with their rows.
 * BENCH_PROFILE=<dir> also profiles the edge worker per scenario (bench/hot-paths-profile.ts).
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
const REDIRECT_TARGET = 0.8;
const SALE_TARGET = 0.6;

interface Measured {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  answered: number;
  failed: number;
  /** CPU µs per request of the measured workerd; only on the edge-only workerd. */
  cpuUs?: number;
}

async function load(log: (line: string) => void, name: string, opts: autocannon.Options, okStatus: 2 | 3, cpu?: () => number): Promise<Measured> {
  // Timed from the first request to the last response: with a fixed request count
  // autocannon only notices it is done on its next one-second tick.
  const cpuBefore = cpu?.();
  const started = performance.now();
  let lastResponse = started;
  let cpuAtLast = cpuBefore;
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ connections: CONNECTIONS, pipelining: 1, timeout: 30, ...opts }, (err, res) => (err ? fail(err) : done(res)));
    let responses = 0;
    instance.on("response", () => {
      lastResponse = performance.now();
      // The workerd's CPU is read as the last request is answered, not at autocannon's next tick.
      if (cpu && ++responses === opts.amount) cpuAtLast = cpu();
    });
  });
  if (cpu && cpuAtLast === cpuBefore) cpuAtLast = cpu();
  const seconds = (lastResponse - started) / 1000;
  const answered = okStatus === 3 ? result["3xx"] : result["2xx"];
  const failed = result.requests.total - answered + result.errors + result.timeouts;
  const rps = result.requests.total / seconds;
  const cpuUs = cpuBefore === undefined ? undefined : (cpuAtLast! - cpuBefore) / result.requests.total;
  log(
    `${name}: ${result.requests.total} requests in ${seconds.toFixed(2)} s, ${Math.round(rps)} req/s, ${answered} answered ${okStatus}xx, ${failed} failed` +
      (cpuUs === undefined ? "" : `, workerd CPU ${cpuUs.toFixed(0)} µs/request`),
  );
  return { requests: result.requests.total, rps, p50: result.latency.p50, p99: result.latency.p99, answered, failed, ...(cpuUs === undefined ? {} : { cpuUs }) };
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


type Scenario = "trivial" | "redirect" | "sale" | "stripe";
const SCENARIOS: { key: Scenario; name: string; ok: 2 | 3 }[] = [
  { key: "trivial", name: "trivial 302", ok: 3 },
  { key: "redirect", name: "GET /c/{code}", ok: 3 },
  { key: "sale", name: "POST /v1/track/sale", ok: 2 },
  { key: "stripe", name: "POST /webhooks/stripe (invoice.paid)", ok: 2 },
];

/** BENCH_SCENARIOS=redirect,sale runs some of them (the trivial baseline always runs); default all. */
const ACTIVE = SCENARIOS.filter(({ key }) => key === "trivial" || !process.env.BENCH_SCENARIOS || process.env.BENCH_SCENARIOS.split(",").includes(key));
const DETAIL_NAMES: Record<Scenario, string> = { trivial: "trivial_redirect", redirect: "redirect", sale: "s2s_sale", stripe: "stripe_invoice_paid" };
const has = (scenario: Scenario) => ACTIVE.some((s) => s.key === scenario);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const num = (x: number) => Math.round(x).toLocaleString("en-US");

export const hotPhase: BenchPhase = async (harness: BenchHarness): Promise<BenchRow[]> => {
  const { log, demo, clickId, database } = harness;
  const stripe = await connectStripe(database.appUrl, harness.secrets.SECRETS_ENCRYPTION_KEY!);
  const inspectorPort = process.env.BENCH_PROFILE ? await freePort() : undefined;
  const edgeOnly = await harness.startEdgeOnly(inspectorPort ? { inspectorPort } : {});
  try {
    /** The autocannon options of a scenario against one workerd; `run` keeps webhook ids unique. */
    const target = (urls: { trivialUrl: string; edgeUrl: string }, scenario: Scenario, run: string): autocannon.Options => {
      switch (scenario) {
        case "trivial":
          return { url: `${urls.trivialUrl}/c/x` };
        case "redirect":
          return { url: `${urls.edgeUrl}/c/${demo.link_code}?utm_source=bench`, headers: { "user-agent": BROWSER } };
        case "sale":
          return { url: urls.edgeUrl, requests: signedSales(demo.s2s_key_id, demo.s2s_secret, clickId, run) };
        case "stripe":
          return { url: urls.edgeUrl, requests: signedInvoices(stripe.connectionId, stripe.secret, clickId, run) };
      }
    };
    // The harness already answered one click (its click id); only the main workerd's clicks and events reach Postgres.
    const answered = { clicks: 1, events: 0, stripe: 0 };
    const count = (scenario: Scenario, m: Measured) => {
      if (scenario === "redirect") answered.clicks += m.answered;
      if (scenario === "sale") answered.events += m.answered;
      if (scenario === "stripe") answered.stripe += m.answered;
    };
    let failedRequests = 0;

    log(`warming up (${WARMUP} requests per scenario and workerd)…`);
    for (const { key, name, ok } of ACTIVE) {
      const m = await load(log, `${name} warm-up`, { ...target(harness, key, "warm"), amount: WARMUP }, ok);
      count(key, m);
      failedRequests += m.failed;
      failedRequests += (await load(log, `${name} warm-up (edge-only workerd)`, { ...target(edgeOnly, key, "cpuwarm"), amount: WARMUP }, ok)).failed;
    }

    log(`measuring (${ROUNDS} rounds of ${REQUESTS} requests per scenario, ${CONNECTIONS} connections)…`);
    const rounds: Record<Scenario, Measured>[] = [];
    const cpuRounds: Record<Scenario, Measured>[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const together = {} as Record<Scenario, Measured>;
      for (const { key, name, ok } of ACTIVE) {
        together[key] = await load(log, `round ${round} ${name}`, { ...target(harness, key, `run${round}`), amount: REQUESTS }, ok);
        count(key, together[key]);
        failedRequests += together[key].failed;
      }
      rounds.push(together);
      const alone = {} as Record<Scenario, Measured>;
      for (const { key, name, ok } of ACTIVE) {
        alone[key] = await load(log, `round ${round} ${name} (edge-only workerd)`, { ...target(edgeOnly, key, `cpu${round}`), amount: REQUESTS }, ok, edgeOnly.cpuMicros);
        if (inspectorPort) log(`  edge isolate heap after it: ${JSON.stringify(await edgeHeapMiB(inspectorPort))} MiB`);
        failedRequests += alone[key].failed;
      }
      cpuRounds.push(alone);
    }
    if (inspectorPort) {
      for (const { key, name, ok } of ACTIVE.filter((s) => s.key !== "trivial")) {
        const profile = await profileEdge(inspectorPort, () => load(log, `${name} (edge-only workerd, profiled)`, { ...target(edgeOnly, key, "profile"), amount: REQUESTS }, ok));
        log(`${name}: V8 profile of the edge worker in ${saveProfile(process.env.BENCH_PROFILE!, key, profile)}; top self time:\n    ${topSelfTime(profile).join("\n    ")}`);
      }
    }
    // NaN for a scenario BENCH_SCENARIOS left out (its rows are dropped below).
    const rps = (scenario: Scenario) => median(rounds.map((r) => r[scenario]?.rps ?? NaN));
    const cpu = (scenario: Scenario) => median(cpuRounds.map((r) => r[scenario]?.cpuUs ?? NaN));
    const alone = (scenario: Scenario) => median(cpuRounds.map((r) => r[scenario]?.rps ?? NaN));

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
    const lost = {
      clicks: Math.max(0, answered.clicks - stored.clicks),
      sale_events: Math.max(0, answered.events - stored.events),
      sale_conversions: Math.max(0, answered.events - stored.conversions),
      sale_commissions: Math.max(0, answered.events - stored.commissions),
      stripe_events: Math.max(0, answered.stripe - stored.stripeEvents),
    };
    for (const [what, n] of Object.entries(lost)) if (n > 0) harness.fail(`hot: ${n} ${what.replace("_", " ")} answered but not in Postgres after ${drainSeconds.toFixed(0)} s`);
    if (failedRequests > 0) harness.fail(`hot: ${failedRequests} requests were not answered with the expected status`);

    const scenarioDetail = (scenario: Scenario) => {
      const pick = (rs: Record<Scenario, Measured>[]) => [...rs].sort((a, b) => a[scenario].rps - b[scenario].rps)[Math.floor(rs.length / 2)]![scenario];
      const m = pick(rounds);
      return { rps: Math.round(rps(scenario)), p50_ms: m.p50, p99_ms: m.p99, vs_trivial: Number((rps(scenario) / rps("trivial")).toFixed(3)), cpu_us_per_request: Math.round(cpu(scenario)), edge_only_rps: Math.round(alone(scenario)), edge_only_vs_trivial: Number((alone(scenario) / alone("trivial")).toFixed(3)) };
    };
    harness.record("hot", {
      connections: CONNECTIONS,
      rounds: ROUNDS,
      requests_per_scenario_and_round: REQUESTS,
      cpu_tick_us: CPU_TICK_MICROS,
      cpu_measured_on: "a second workerd running only the trivial and edge workers (no queue consumers), utime+stime from /proc",
      per_round: rounds.map((r, i) => Object.fromEntries(ACTIVE.map(({ key }) => [key, { rps: Math.round(r[key].rps), cpu_us_per_request: Math.round(cpuRounds[i]![key].cpuUs!) }]))),
      scenarios: Object.fromEntries(ACTIVE.map(({ key }) => [DETAIL_NAMES[key], scenarioDetail(key)])),
      integrity: { answered, in_postgres: stored, lost, failed_requests: failedRequests, drained_in_seconds: Number(drainSeconds.toFixed(1)) },
    });

    const sizes = `median of ${ROUNDS} interleaved round${ROUNDS === 1 ? "" : "s"} of ${num(REQUESTS)} requests, ${CONNECTIONS} connections`;
    const trivialCpu = cpu("trivial");
    const cpuNote = `edge-only workerd, utime+stime ÷ requests; trivial worker ${trivialCpu.toFixed(0)} µs`;
    const round1 = (x: number) => Math.round(x);
    const rows: (BenchRow & { scenario: Scenario })[] = [
      {
        scenario: "redirect",
        id: "redirect_vs_trivial",
        what: "Warm `GET /c/{code}` throughput vs the trivial worker",
        value: Number((alone("redirect") / alone("trivial")).toFixed(3)),
        unit: "×",
        target: { op: ">=", value: REDIRECT_TARGET },
        note: `${num(alone("redirect"))} vs ${num(alone("trivial"))} req/s, edge-only workerd, ${sizes}`,
      },
      {
        scenario: "sale",
        id: "s2s_sale_vs_trivial",
        what: "Signed S2S sale accept (`POST /v1/track/sale`) throughput vs the trivial worker",
        value: Number((alone("sale") / alone("trivial")).toFixed(3)),
        unit: "×",
        target: { op: ">=", value: SALE_TARGET },
        note: `${num(alone("sale"))} vs ${num(alone("trivial"))} req/s, edge-only workerd, ${sizes}`,
      },
      {
        scenario: "redirect",
        id: "redirect_cpu_us",
        what: "Warm `GET /c/{code}` workerd CPU per request",
        value: round1(cpu("redirect")),
        unit: "µs",
        target: { op: "<=", value: round1(trivialCpu / REDIRECT_TARGET) },
        note: `${cpuNote}; target = trivial ÷ ${REDIRECT_TARGET}`,
      },
      {
        scenario: "sale",
        id: "s2s_sale_cpu_us",
        what: "Signed S2S sale accept workerd CPU per request",
        value: round1(cpu("sale")),
        unit: "µs",
        target: { op: "<=", value: round1(trivialCpu / SALE_TARGET) },
        note: `${cpuNote}; includes the edge's \`webhook-id\` claim round trip to Postgres; target = trivial ÷ ${SALE_TARGET}`,
      },
      {
        scenario: "stripe",
        id: "stripe_invoice_paid_cpu_us",
        what: "Signed Stripe `invoice.paid` accept workerd CPU per request",
        value: round1(cpu("stripe")),
        unit: "µs",
        target: { op: "<=", value: round1(trivialCpu / SALE_TARGET) },
        note: `${cpuNote}; ${num(alone("stripe"))} req/s (${(alone("stripe") / alone("trivial")).toFixed(2)}× trivial); held to the S2S sale's bar`,
      },
    ];
    return rows.filter((row) => has(row.scenario)).map(({ scenario: _scenario, ...row }) => row);
  } finally {
    await edgeOnly.dispose();
  }
};
