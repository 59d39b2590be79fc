import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ChildProcess } from "node:child_process";
import { startDbBridge } from "./bridge";
import { provisionDatabase, type LocalDatabase } from "./database";
import { startProcess, stopProcess, waitForHttp } from "./processes";
import { seedDemoCommissions } from "./seed-commissions";
import { seedDemo, markDemoStaff, DEMO_BRAND_EMAIL, DEMO_AFFILIATE_EMAIL, DEMO_PASSWORD, DEMO_STAFF_EMAIL, type DemoData } from "./seed";

export const ROOT = resolve(new URL("../..", import.meta.url).pathname);
export const STATE_DIR = join(ROOT, ".rekomi");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

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
  demo: DemoData & Record<string, unknown>;
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
 * The env file each worker's `wrangler dev --env-file` reads: local secrets and settings.
 * Kept in the state directory (not `.dev.vars` beside the config), so two stacks of one
 * checkout (`npm run dev` and the browser test) never overwrite each other's.
 */
async function writeEnvFile(path: string, vars: Record<string, string>): Promise<string> {
  const body = Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join("\n");
  await writeFile(path, `# written by scripts/local/stack.ts; do not commit\n${body}\n`, { mode: 0o600 });
  return path;
}

/**
 * Brings up the whole local stack: Postgres (embedded unless DATABASE_URL is set), the
 * WebSocket bridge, migrations, the demo seed, and both workers under wrangler dev.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
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

    const secrets = await localSecrets(opts.stateDir);
    const demoPath = join(opts.stateDir, "demo.json");
    const seeded = await seedDemo(database.appUrl, secrets.PASSWORD_PEPPER!, await previousDemo(demoPath), secrets.SECRETS_ENCRYPTION_KEY!);
    await markDemoStaff(database.ownerUrl);
    await seedDemoCommissions(database.appUrl);

    const appUrl = `http://127.0.0.1:${opts.appPort}`;
    const edgeUrl = `http://127.0.0.1:${opts.edgePort}`;
    const shared = { DATABASE_URL: database.appUrl, LOCAL_DB_BRIDGE: `127.0.0.1:${bridge.port}`, APP_ENV: "development", ...secrets };
    const appEnvFile = await writeEnvFile(join(opts.stateDir, "app.env"), { ...shared, TRACKING_BASE_URL: edgeUrl, APP_ORIGIN: appUrl, EMAIL_TRANSPORT: "mailbox" });
    const edgeEnvFile = await writeEnvFile(join(opts.stateDir, "edge.env"), shared);

    // A registry per checkout: wrangler dev sessions find each other (cross-worker queues)
    // through it, and must not find the workers of another checkout running the same names.
    const env = { WRANGLER_SEND_METRICS: "false", WRANGLER_REGISTRY_PATH: join(opts.stateDir, "registry"), NO_COLOR: "1" };
    // One local-storage directory per worker: two workerd processes on the same SQLite files
    // (the Cache API store, queues) collide with SQLITE_BUSY and crash.
    const persist = (worker: string) => join(opts.stateDir, "wrangler", worker);
    const quiet = /Request\.cf|cf\.json|workers\.cloudflare\.com|GetAddrInfoReqWrap|^\s*$|Logs were written|Scheduled Workers are not|manually trigger a scheduled|cdn-cgi\/local\/scheduled|cron-triggers\/#test-cron/;
    const children: ChildProcess[] = [
      startProcess("app", WRANGLER, ["dev", "-c", "wrangler.toml", "--env-file", appEnvFile, "--ip", "127.0.0.1", "--port", String(opts.appPort), "--inspector-port", String(opts.appPort + 1000), "--persist-to", persist("app"), "--log-level", "warn"], { cwd: ROOT, env, quiet }),
      startProcess("edge", WRANGLER, ["dev", "-c", "workers/edge/wrangler.toml", "--env-file", edgeEnvFile, "--ip", "127.0.0.1", "--port", String(opts.edgePort), "--inspector-port", String(opts.edgePort + 1000), "--persist-to", persist("edge"), "--log-level", "warn"], { cwd: ROOT, env, quiet }),
    ];
    for (const child of children) cleanups.push(() => stopProcess(child));
    await Promise.all([waitForHttp(`${appUrl}/healthz`, 120_000), waitForHttp(`${edgeUrl}/healthz`, 120_000)]);

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
    };
    await writeFile(demoPath, JSON.stringify(demo, null, 2) + "\n");
    return { appUrl, edgeUrl, database, demo, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
