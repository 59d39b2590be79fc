import { spawn } from "node:child_process";
import { join } from "node:path";
import { startProcess, stopProcess } from "./local/processes";
import { ROOT, STATE_DIR, startStack } from "./local/stack";

/**
 * `npm run dev`: the whole of Rekomi on this machine. Ctrl-C stops everything, the
 * database included.
 */
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const log = (line: string) => console.log(`[dev] ${line}`);

const vite = join(ROOT, "node_modules", ".bin", "vite");
log("Building the dashboard…");
await new Promise<void>((ok, fail) =>
  spawn(vite, ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" }).on("exit", (code) =>
    code === 0 ? ok() : fail(new Error(`vite build exited with ${code}`)),
  ),
);

const stack = await startStack({
  appPort: port("REKOMI_APP_PORT", 8787),
  edgePort: port("REKOMI_EDGE_PORT", 8788),
  pgPort: port("REKOMI_PG_PORT", 54329),
  bridgePort: port("REKOMI_BRIDGE_PORT", 54330),
  persistent: true,
  stateDir: STATE_DIR,
  log,
});
// wrangler dev does not fire cron triggers by itself; tick the app's scheduled handler
// every minute like Cloudflare would (webhook retries and other sweeps depend on it).
const cron = setInterval(() => {
  fetch(`${stack.appUrl}/cdn-cgi/local/scheduled`).catch(() => {});
}, 60_000);
const watcher = startProcess("web", vite, ["build", "--watch", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: ROOT });

const d = stack.demo;
console.log(`
  Rekomi is running.

  Dashboard        ${d.dashboard_url}
                   sign in as ${d.brand_email} / ${d.brand_password}  (brand owner)
                   or ${d.staff_email} / ${d.staff_password}  (platform admin)
                   or ${d.affiliate_email} / ${d.affiliate_password}  (creator: tax forms)
  Dev mailbox      ${d.mailbox_url}   (sign-up and invitation mail lands here)
  API              ${d.app_url}/v1   (reference: ${d.api_reference_url})
  Edge             ${d.edge_url}
  Tracking link    ${d.tracking_link}

  Demo brand       ${d.brand_id}
  Demo API key     ${d.api_key}
  Demo campaign    ${d.campaign_id}
  Demo S2S key     ${d.s2s_key_id}   (secret: s2s_secret in .rekomi/demo.json)
  Postgres (app)   ${d.database_url}

  Try:  curl -H "Authorization: Bearer ${d.api_key}" ${d.app_url}/v1/campaigns

  Everything above is also in .rekomi/demo.json. Ctrl-C stops the stack.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  log("Stopping…");
  clearInterval(cron);
  await stopProcess(watcher);
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
