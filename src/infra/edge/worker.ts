import { provideConfig } from "../env";
import { edgeConfig, type EdgeConfigEnv } from "./config";
import { healthRoutes } from "../health/routes";
import { securityTxtRoutes } from "../health/security-txt";
import { createApp } from "../http/app";
import { hotPath } from "./hot-paths";
import { edgeSql } from "./sql";
import { handleGatewayWebhook } from "../../gateways/receive/handler";
import { handleIngest } from "../../ingest/handler";
import { handlePayoutWebhook } from "../../payouts/receive/handler";
import { handleRedirect } from "../../tracking/redirect";
import { trackingRoutes } from "../../tracking/routes";

/**
 * The edge worker: the hot path only (tracking redirects, rk.js, S2S ingest, gateway
 * webhooks, payouts' Stripe webhooks). Small bundle, no heavy SDKs: at most 64 KiB gzip,
 * checked by `npm run deploy:check` (no Drizzle, no Neon driver, no classic zod here; see
 * docs/tracking.md, "The edge worker's bundle").
 */
export function buildEdgeWorker() {
  const app = createApp<EdgeConfigEnv>();
  app.use("*", provideConfig(edgeConfig));
  app.route("/", healthRoutes("edge", (config) => edgeSql(config)`select 1`));
  app.route("/", securityTxtRoutes());
  app.route("/", trackingRoutes());
  return app;
}

const app = buildEdgeWorker();

/**
 * The hot paths, tracking redirects, S2S ingest and gateway webhooks, skip the router: under load the
 * router and its middleware cost about 15 µs of CPU per request, a large share of a
 * redirect's total (see `npm run bench`). Everything else goes through the Hono app. Each
 * hot path parses the environment itself (`edgeConfig`, cached per isolate) inside its own
 * error handling, as the router's config middleware does for the rest.
 */
export function edgeFetch(req: Request, env: object, ctx: ExecutionContext): Response | Promise<Response> {
  const hot = hotPath(req.method, req.url);
  if (hot?.kind === "redirect") return handleRedirect(req, env, ctx, hot.code);
  if (hot?.kind === "ingest") return handleIngest(req, env, ctx, hot.type);
  if (hot?.kind === "gateway") return handleGatewayWebhook(req, env, ctx, hot.gateway, hot.connectionId);
  if (hot?.kind === "payouts") return handlePayoutWebhook(req, env, hot.route);
  return app.fetch(req, env, ctx);
}

export default {
  fetch: edgeFetch,
} satisfies ExportedHandler<object>;
