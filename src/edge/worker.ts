import { EdgeEnv, envGuard } from "../env";
import { healthRoutes } from "../health/routes";
import { securityTxtRoutes } from "../health/security-txt";
import { createApp } from "../http/app";
import { ingestRoutes } from "../ingest/routes";
import { trackingRoutes } from "../tracking/routes";

/**
 * The edge worker: the hot path only (tracking redirects, rk.js, S2S ingest, gateway
 * webhooks). Small bundle, no heavy SDKs.
 */
export function buildEdgeWorker() {
  const app = createApp<{ Bindings: EdgeEnv }>();
  app.use("*", envGuard(EdgeEnv));
  app.route("/", healthRoutes("edge"));
  app.route("/", securityTxtRoutes());
  app.route("/", trackingRoutes());
  app.route("/", ingestRoutes());
  return app;
}

const app = buildEdgeWorker();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<EdgeEnv>;
