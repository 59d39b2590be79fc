import { buildDashboardApi } from "../api/dashboard";
import { buildV1, OPENAPI_INFO } from "../api/v1";
import { provideConfig } from "../env";
import { appConfig, type AppConfigEnv } from "./config";
import { healthRoutes } from "../health/routes";
import { pingDb } from "../db/client";
import { handleQueue, handleScheduled } from "../jobs";
import { securityTxtRoutes } from "../health/security-txt";
import { devMailboxRoutes } from "../../email/dev-mailbox";
import { createApp } from "../http/app";
import { renderReference } from "../openapi/reference";
import { taxFormFileRoutes } from "../../tax-forms/file-route";
import { helpFileRoutes } from "../../help/file-route";
import { statusRoutes } from "../../status/routes";
import { countServerErrors } from "../../status/server-errors";

/**
 * The app worker: REST API v1, the dashboard API, signed file downloads (/files), and the
 * dashboard's static assets (served by the ASSETS binding for every path not listed in
 * run_worker_first). It also runs the jobs: the queue consumers that record clicks and
 * attribute events. Every entry parses the environment first (src/infra/app/config.ts):
 * routes read `c.var.config`, jobs get the config as an argument.
 */
export function buildAppWorker() {
  const app = createApp<AppConfigEnv>();
  app.use("*", provideConfig(appConfig));
  app.use("*", countServerErrors());
  app.route("/", healthRoutes("app", pingDb));
  app.route("/", securityTxtRoutes());
  const v1 = buildV1();
  app.get("/docs/api", (c) => c.html(renderReference(v1.getOpenAPI31Document(OPENAPI_INFO) as unknown as Record<string, unknown>)));
  app.route("/", v1);
  app.route("/", buildDashboardApi());
  app.route("/", taxFormFileRoutes());
  app.route("/", helpFileRoutes());
  app.route("/", devMailboxRoutes());
  app.route("/", statusRoutes());
  return app;
}

const app = buildAppWorker();

export default {
  fetch: app.fetch,
  queue: async (batch, env, _ctx) => handleQueue(batch, appConfig(env)),
  scheduled: (_controller, env, ctx) => ctx.waitUntil(handleScheduled(appConfig(env))),
} satisfies ExportedHandler<object>;
