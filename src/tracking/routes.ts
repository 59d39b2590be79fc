import { Hono } from "hono";
import type { EdgeEnv } from "../env";
import { redirectHandler } from "./redirect";
import { RK_JS } from "./rk-js";

/** The edge's tracking surface: `/c/{code}` redirects and the rk.js script. */
export function trackingRoutes() {
  const app = new Hono<{ Bindings: EdgeEnv }>();
  app.get("/c/:code", redirectHandler);
  app.get("/rk.js", () =>
    new Response(RK_JS, {
      headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "public, max-age=3600", "access-control-allow-origin": "*" },
    }),
  );
  return app;
}
