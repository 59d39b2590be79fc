import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { startDbBridge } from "./bridge";
import { provisionDatabase, type LocalDatabase } from "./database";
import { startAppFront } from "./app-front";
import { assertPortsFree } from "./ports";
import { waitForHttp } from "./processes";
import type { RealStripe } from "./real-stripe";
import { startWorkers } from "./runtime";
import { startBraintreeStandIn, type BraintreeStandIn } from "./stand-ins/braintree";
import { seedDemoCommissions } from "./seed-commissions";
import { DEMO_BRAINTREE, seedDemoGateways, type DemoGateways } from "./seed-gateways";
import { LOCAL_PLATFORM_KEY, seedDemoPayouts, type DemoPayouts } from "./seed-payouts";
import { startPaddleStandIn, type PaddleStandIn } from "./stand-ins/paddle";
import { startStripeStandIn, type StripeStandIn } from "./stand-ins/stripe";
import { seedDemo, markDemoStaff, DEMO_BRAND_EMAIL, DEMO_AFFILIATE_EMAIL, DEMO_PASSWORD, DEMO_STAFF_EMAIL, type DemoData } from "./seed";

export const ROOT = resolve(new URL("../..", import.meta.url).pathname);
export const STATE_DIR = join(ROOT, ".rekomi");

/** The paths wrangler.toml sends to the app worker before the dashboard's files. */
function runWorkerFirst(): string[] {
  const assets = (unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml")).workerOptions as { assets?: { run_worker_first?: unknown } }).assets;
  return Array.isArray(assets?.run_worker_first) ? (assets.run_worker_first as string[]) : [];
}

export interface StackOptions {
  appPort: number;
  edgePort: number;
  pgPort: number;
  bridgePort: number;
  /** Keep the embedded database between runs (dev) or throw it away (bench). */
  persistent: boolean;
  stateDir: string;
  log: (line: string) => void;
  /**
   * Payouts against real Stripe (test mode) instead of the stand-in: Rekomi's platform key
   * and the signing secrets of its two webhook endpoints (e.g. from `stripe listen`). The
   * gateway connections' API calls go to Stripe too, and the payouts demo seed is skipped.
   */
  stripe?: RealStripe;
  /** Extra vars for the app worker (tests: `STATUS_EDGE_HEALTH_URL`, to probe the edge through a proxy they can close). */
  appVars?: Record<string, string>;
}

/** Where payouts' Stripe calls went and what the demo seeded there (`null` with real Stripe: nothing seeded). */
export type DemoPayoutsInfo = { stripe: "stand-in"; platform_webhook_url: string; connect_webhook_url: string } & DemoPayouts;

export interface Stack {
  appUrl: string;
  edgeUrl: string;
  database: LocalDatabase;
  demo: DemoData & { app_url: string; edge_url: string; gateways: DemoGateways; payouts: DemoPayoutsInfo | null } & Record<string, unknown>;
  /** The gateway APIs the app worker calls here (what they received, for tests). */
  standIns: { stripe: StripeStandIn; paddle: PaddleStandIn; braintree: BraintreeStandIn };
  /** Runs the app worker's cron handler once (the dev script does it every minute). */
  tickScheduled(): Promise<void>;
  stop(): Promise<void>;
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function previousDemo(path: string): Promise<Partial<DemoData>> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    return {};
  }
}

/**
 * Secrets the local workers need, generated once per state directory and kept in its
 * secrets.json (missing ones are added): sealed data must stay readable, sessions valid
 * and the demo password (hashed with the pepper) usable across restarts.
 */
async function localSecrets(stateDir: string): Promise<Record<string, string>> {
  const path = join(stateDir, "secrets.json");
  const existing: Record<string, string> = JSON.parse(await readFile(path, "utf8").catch(() => "{}"));
  const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
  // `whsec_` and letters and digits: what the edge's config accepts of a Stripe webhook secret.
  const whsec = () => `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("hex")}`;
  const secrets = {
    SECRETS_ENCRYPTION_KEY: random(),
    SESSION_SECRET: random(),
    PASSWORD_PEPPER: random(),
    FILE_URL_SECRET: random(),
    CLICK_SIGNING_SECRET: random(),
    STRIPE_WEBHOOK_SECRET: whsec(),
    STRIPE_CONNECT_WEBHOOK_SECRET: whsec(),
    ...existing,
  };
  await writeFile(path, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  return secrets;
}

/**
 * Brings up the whole local stack: Postgres (embedded unless DATABASE_URL is set), the
 * bridge that stands in for Neon (WebSocket for the app, SQL over HTTP for the edge),
 * migrations, the Stripe and Paddle stand-ins (the gateway APIs the app worker calls:
 * this machine may not reach the real ones; the Stripe one is also Rekomi's
 * platform account for payouts unless `opts.stripe` names real Stripe), the demo seed, and both workers
 * with their queues in one runtime (runtime.ts) behind the app front (app-front.ts). It
 * returns once both workers answer: the queue consumers live in the same workerd, so an
 * event accepted from then on is consumed.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  await assertPortsFree({ REKOMI_APP_PORT: opts.appPort, REKOMI_EDGE_PORT: opts.edgePort, REKOMI_PG_PORT: process.env.DATABASE_URL ? 0 : opts.pgPort, REKOMI_BRIDGE_PORT: opts.bridgePort });
  await mkdir(opts.stateDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };
  try {
    opts.log(process.env.DATABASE_URL ? "Using DATABASE_URL" : "Starting embedded PostgreSQL…");
    const database = await provisionDatabase({ embeddedDir: join(opts.stateDir, "pgdata"), port: opts.pgPort, persistent: opts.persistent });
    cleanups.push(database.stop);
    const bridge = await startDbBridge(opts.bridgePort, [database.target]);
    cleanups.push(bridge.close);
    const { STRIPE_WEBHOOK_SECRET, STRIPE_CONNECT_WEBHOOK_SECRET, ...secrets } = await localSecrets(opts.stateDir);
    const edgeUrl = `http://127.0.0.1:${opts.edgePort}`;
    const payoutHooks = { platform: `${edgeUrl}/webhooks/payouts/stripe`, connect: `${edgeUrl}/webhooks/payouts/stripe-connect` };
    // The gateways' APIs, in memory on free ports: nothing outside this stack calls them. The
    // app's cron searches Braintree for refunds (src/gateways/braintree/poll.ts). The Stripe
    // stand-in is also Rekomi's platform account for payouts: it sends the platform's and the
    // connected accounts' events to the edge's two payouts routes, signed with the local
    // secrets (besides the endpoints gateway connections register through its API).
    const stripe = await startStripeStandIn({
      webhookTargets: opts.stripe
        ? []
        : [
            { url: payoutHooks.platform, secret: STRIPE_WEBHOOK_SECRET! },
            { url: payoutHooks.connect, secret: STRIPE_CONNECT_WEBHOOK_SECRET!, connect: true },
          ],
    });
    cleanups.push(stripe.stop);
    const paddle = await startPaddleStandIn();
    cleanups.push(paddle.stop);
    const braintree = await startBraintreeStandIn();
    cleanups.push(braintree.stop);
    // The demo's Braintree connection holds these keys: the app's refund search authenticates with them.
    braintree.addMerchant({ ...DEMO_BRAINTREE });
    const gatewayApis = { STRIPE_API_URL: stripe.url, PADDLE_API_URL: paddle.url, BRAINTREE_API_URL: braintree.url };

    const demoPath = join(opts.stateDir, "demo.json");
    const appOrigin = `http://127.0.0.1:${opts.appPort}`;
    const seeded = await seedDemo(database.appUrl, secrets.PASSWORD_PEPPER!, await previousDemo(demoPath), secrets.SECRETS_ENCRYPTION_KEY!);
    await markDemoStaff(database.ownerUrl);
    await seedDemoCommissions(database.appUrl);
    // Before the gateway seed, so the events of this seed reach no gateway connection's endpoint.
    const payouts: DemoPayoutsInfo | null = opts.stripe
      ? null
      : { stripe: "stand-in", platform_webhook_url: payoutHooks.platform, connect_webhook_url: payoutHooks.connect, ...(await seedDemoPayouts(database.appUrl, stripe)) };
    const gateways = await seedDemoGateways(database.appUrl, { SECRETS_ENCRYPTION_KEY: secrets.SECRETS_ENCRYPTION_KEY!, TRACKING_BASE_URL: edgeUrl, ...gatewayApis });

    // Payouts' bindings: the stand-in's platform key and the local secrets, or real Stripe's
    // (then the app's Stripe calls, gateway connections' included, go to api.stripe.com).
    const { STRIPE_API_URL, ...otherApis } = gatewayApis;
    const appStripe: Record<string, string> = opts.stripe ? { STRIPE_SECRET_KEY: opts.stripe.secretKey } : { STRIPE_SECRET_KEY: LOCAL_PLATFORM_KEY, STRIPE_API_URL };
    const edgeStripe = opts.stripe
      ? definedOnly({ STRIPE_WEBHOOK_SECRET: opts.stripe.webhookSecret, STRIPE_CONNECT_WEBHOOK_SECRET: opts.stripe.connectWebhookSecret })
      : { STRIPE_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET!, STRIPE_CONNECT_WEBHOOK_SECRET: STRIPE_CONNECT_WEBHOOK_SECRET! };

    const shared = { DATABASE_URL: database.appUrl, LOCAL_DB_BRIDGE: `127.0.0.1:${bridge.port}`, APP_ENV: "development", ...secrets };
    opts.log("Building and starting both workers in one runtime…");
    const workers = await startWorkers({
      root: ROOT,
      stateDir: opts.stateDir,
      edgePort: opts.edgePort,
      persistent: opts.persistent,
      appBindings: { ...shared, ...otherApis, ...appStripe, TRACKING_BASE_URL: edgeUrl, APP_ORIGIN: appOrigin, EMAIL_TRANSPORT: "mailbox", ...opts.appVars },
      edgeBindings: { ...shared, ...edgeStripe },
    });
    cleanups.push(workers.stop);
    const front = await startAppFront({ port: opts.appPort, dist: join(ROOT, "web", "dist"), workerUrl: workers.appWorkerUrl, workerFirst: runWorkerFirst() });
    cleanups.push(front.close);
    const appUrl = front.url;
    await Promise.all([waitForHttp(`${appUrl}/healthz`, 60_000), waitForHttp(`${edgeUrl}/healthz`, 60_000)]);

    const demo = {
      app_url: appUrl,
      edge_url: edgeUrl,
      dashboard_url: `${appUrl}/sign-in`,
      mailbox_url: `${appUrl}/dev/mailbox`,
      api_reference_url: `${appUrl}/docs/api`,
      tracking_link: `${edgeUrl}/c/${seeded.link_code}`,
      brand_email: DEMO_BRAND_EMAIL,
      brand_password: DEMO_PASSWORD,
      staff_email: DEMO_STAFF_EMAIL,
      staff_password: DEMO_PASSWORD,
      affiliate_email: DEMO_AFFILIATE_EMAIL,
      affiliate_password: DEMO_PASSWORD,
      database_url: database.appUrl,
      ...seeded,
      gateways,
      payouts,
    };
    await writeFile(demoPath, JSON.stringify(demo, null, 2) + "\n");
    return { appUrl, edgeUrl, database, demo, standIns: { stripe, paddle, braintree }, tickScheduled: workers.tickScheduled, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
