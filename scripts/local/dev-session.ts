import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { join } from "node:path";
import { startProcess } from "./processes";
import { realStripeFromEnv, type RealStripe } from "./real-stripe";
import { ROOT, STATE_DIR, startStack } from "./stack";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const log = (line: string) => console.log(`[dev] ${line}`);

/** The banner's payouts lines: where the platform account is and what to do with it. */
function payoutsBanner(edgeUrl: string, payouts: { stripe_api_url: string; stripe_account_id: string } | null, real: RealStripe | undefined): string {
  if (payouts) {
    return `Payouts          Stripe Connect stand-in at ${payouts.stripe_api_url}: the demo brand can run a payout
                   from Payouts (Casey's onboarded account ${payouts.stripe_account_id}, a saved test Visa;
                   docs/payouts.md)`;
  }
  const missing = [!real?.webhookSecret && "STRIPE_WEBHOOK_SECRET", !real?.connectWebhookSecret && "STRIPE_CONNECT_WEBHOOK_SECRET"].filter(Boolean);
  return `Payouts          real Stripe in test mode (STRIPE_SECRET_KEY): no payouts demo data was seeded (onboard
                   a creator and save a method in the dashboard). Stripe's events are taken at
                   ${edgeUrl}/webhooks/payouts/stripe and ${edgeUrl}/webhooks/payouts/stripe-connect${missing.length ? `
                   (${missing.join(" and ")} unset: that route answers 503; see the README)` : ""}`;
}

/** `npm run dev` (entry point: scripts/dev.ts). */
export async function runDevSession(): Promise<void> {
  const realStripe = realStripeFromEnv(process.env);
  // Ctrl-C, whenever it comes: exit, and the synchronous 'exit' handlers stop everything
  // (the children lead their own process groups, so the terminal's signal misses them):
  // PostgreSQL gets SIGINT and finishes its fast shutdown by itself, workerd (Miniflare's
  // own hook) and the watcher are killed. Registered first, so it runs before Miniflare's.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      log("Stopping…");
      process.exit(0);
    });
  }
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
    ...(realStripe ? { stripe: realStripe } : {}),
  });
  // Cloudflare runs the app's cron every minute; locally we tick its scheduled handler
  // (webhook retries and other sweeps depend on it).
  setInterval(() => void stack.tickScheduled().catch((err) => log(`cron: ${String(err)}`)), 60_000);
  // Rebuilds land in web/dist, which the app front reads from disk: no runtime reload.
  startProcess("web", vite, ["build", "--watch", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: ROOT });
  // Worker code is built once per start: reloading the runtime would drop queued events.
  let noticed = false;
  watch(join(ROOT, "src"), { recursive: true }, () => {
    if (noticed) return;
    noticed = true;
    log("Worker code changed: restart `npm run dev` to run it (the running workers keep the code they started with).");
  });

  const d = stack.demo;
  const dataDir = stack.database.dataDir ?? "(your DATABASE_URL server)";
  console.log(`
  Rekomi is running.

  Dashboard        ${d.dashboard_url}
                   sign in as ${d.brand_email} / ${d.brand_password}  (brand owner)
                   or ${d.staff_email} / ${d.staff_password}  (platform admin)
                   or ${d.affiliate_email} / ${d.affiliate_password}  (creator: tax forms, payouts)
  Dev mailbox      ${d.mailbox_url}   (sign-up and invitation mail lands here)
  API              ${d.app_url}/v1   (reference: ${d.api_reference_url})
  Edge             ${d.edge_url}
  Tracking link    ${d.tracking_link}

  Demo brand       ${d.brand_id}
  Demo API key     ${d.api_key}
  Demo campaign    ${d.campaign_id}
  Demo S2S key     ${d.s2s_key_id}   (secret: s2s_secret in .rekomi/demo.json)
  Gateways (test)  Stripe     ${d.gateways.stripe.webhook_url}
                   Paddle     ${d.gateways.paddle.webhook_url}
                   Braintree  ${d.gateways.braintree.webhook_url}
                   (secrets: gateways.stripe.signing_secret, gateways.paddle.secret and
                   gateways.braintree.public_key / private_key in .rekomi/demo.json; docs/gateways.md)
  ${payoutsBanner(d.edge_url, d.payouts, realStripe)}
  Postgres (app)   ${d.database_url}
  Postgres data    ${dataDir}

  Try:  curl -H "Authorization: Bearer ${d.api_key}" ${d.app_url}/v1/campaigns

  Everything above is also in .rekomi/demo.json. Ctrl-C stops the stack.
`);
}
