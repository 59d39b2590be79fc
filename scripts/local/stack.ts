import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { startDbBridge } from "./bridge";
import { provisionDatabase, type LocalDatabase } from "./database";
import { startAppFront } from "./app-front";
import { assertPortsFree } from "./ports";
import { waitForHttp } from "./processes";
import { startWorkers } from "./runtime";
import { startBraintreeStandIn } from "./stand-ins/braintree";
import { seedDemoCommissions } from "./seed-commissions";
import { seedDemoGateways, type DemoGateways } from "./seed-gateways";
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
}

export interface Stack {
  appUrl: string;
  edgeUrl: string;
  database: LocalDatabase;
  demo: DemoData & { app_url: string; edge_url: string; gateways: DemoGateways } & Record<string, unknown>;
  /** The gateway APIs the app worker calls here (what they received, for tests). */
  standIns: { stripe: StripeStandIn; paddle: PaddleStandIn };
  /** Runs the app worker's cron handler once (the dev script does it every minute). */
  tickScheduled(): Promise<void>;
  stop(): Promise<void>;
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
  const secrets = { SECRETS_ENCRYPTION_KEY: random(), SESSION_SECRET: random(), PASSWORD_PEPPER: random(), FILE_URL_SECRET: random(), CLICK_SIGNING_SECRET: random(), ...existing };
  await writeFile(path, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  return secrets;
}

/**
 * Brings up the whole local stack: Postgres (embedded unless DATABASE_URL is set), the
 * WebSocket bridge, migrations, the Stripe and Paddle stand-ins (the gateway APIs the app
 * worker calls: this machine may not reach the real ones), the demo seed, and both workers
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
    // The gateways' APIs, in memory on free ports: nothing outside this stack calls them. The
    // app's cron searches Braintree for refunds (src/gateways/braintree/poll.ts).
    const stripe = await startStripeStandIn();
    cleanups.push(stripe.stop);
    const paddle = await startPaddleStandIn();
    cleanups.push(paddle.stop);
    const braintree = await startBraintreeStandIn();
    cleanups.push(braintree.stop);
    const gatewayApis = { STRIPE_API_URL: stripe.url, PADDLE_API_URL: paddle.url, BRAINTREE_API_URL: braintree.url };

    const secrets = await localSecrets(opts.stateDir);
    const demoPath = join(opts.stateDir, "demo.json");
    const edgeUrl = `http://127.0.0.1:${opts.edgePort}`;
    const appOrigin = `http://127.0.0.1:${opts.appPort}`;
    const seeded = await seedDemo(database.appUrl, secrets.PASSWORD_PEPPER!, await previousDemo(demoPath), secrets.SECRETS_ENCRYPTION_KEY!);
    await markDemoStaff(database.ownerUrl);
    await seedDemoCommissions(database.appUrl);
    const gateways = await seedDemoGateways(database.appUrl, { SECRETS_ENCRYPTION_KEY: secrets.SECRETS_ENCRYPTION_KEY!, TRACKING_BASE_URL: edgeUrl, ...gatewayApis });

    const shared = { DATABASE_URL: database.appUrl, LOCAL_DB_BRIDGE: `127.0.0.1:${bridge.port}`, APP_ENV: "development", ...secrets };
    opts.log("Building and starting both workers in one runtime…");
    const workers = await startWorkers({
      root: ROOT,
      stateDir: opts.stateDir,
      edgePort: opts.edgePort,
      persistent: opts.persistent,
      appBindings: { ...shared, ...gatewayApis, TRACKING_BASE_URL: edgeUrl, APP_ORIGIN: appOrigin, EMAIL_TRANSPORT: "mailbox" },
      edgeBindings: shared,
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
    };
    await writeFile(demoPath, JSON.stringify(demo, null, 2) + "\n");
    return { appUrl, edgeUrl, database, demo, standIns: { stripe, paddle }, tickScheduled: workers.tickScheduled, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
