import { Hono } from "hono";
import type { EdgeConfigEnv } from "../infra/edge/config";
import { RK_JS } from "./rk-js";

/** The edge's tracking surface behind the router: the rk.js script (redirects run before it). */
export function trackingRoutes() {
  const app = new Hono<EdgeConfigEnv>();
  app.get("/rk.js", () =>
    new Response(RK_JS, {
      headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "public, max-age=3600", "access-control-allow-origin": "*" },
    }),
  );
  return app;
}
