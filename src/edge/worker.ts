import { EdgeEnv, envGuard } from "../env";
import { healthRoutes } from "../health/routes";
import { securityTxtRoutes } from "../health/security-txt";
import { createApp } from "../http/app";
import { handleIngest, ingestType } from "../ingest/handler";
import { handleRedirect, redirectCode } from "../tracking/redirect";
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
  return app;
}

const app = buildEdgeWorker();

/**
 * The two hot paths, tracking redirects and S2S ingest, skip the router: under load the
 * router and its middleware cost about 15 µs of CPU per request, a large share of a
 * redirect's total (see `npm run bench`). Everything else goes through the Hono app.
 */
export function edgeFetch(req: Request, env: object, ctx: ExecutionContext): Response | Promise<Response> {
  if (req.method === "GET" || req.method === "HEAD") {
    const code = redirectCode(req.url);
    if (code !== undefined) return handleRedirect(req, env, ctx, code);
  } else if (req.method === "POST") {
    const type = ingestType(req.url);
    if (type !== undefined) return handleIngest(req, env, ctx, type);
  }
  return app.fetch(req, env, ctx);
}

export default {
  fetch: edgeFetch,
} satisfies ExportedHandler<EdgeEnv>;
