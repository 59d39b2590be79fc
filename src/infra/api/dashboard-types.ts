import type { OpenAPIHono } from "@hono/zod-openapi";
import type { SessionVariables } from "../../auth/session-middleware";
import type { AppConfigEnv } from "../app/config";
import type { DbVariables } from "../http/database";
import type { RequestIdVariables } from "../http/request-id";
import type { CreatorVariables } from "../../creators/access";
import type { BrandAccessVariables } from "../../teams/guard";

/** The dashboard API (`/api/*`, cookie sessions) every dashboard route file registers on. */
export type DashboardEnv = {
  Bindings: AppConfigEnv["Bindings"];
  Variables: AppConfigEnv["Variables"] & DbVariables & RequestIdVariables & SessionVariables & BrandAccessVariables & CreatorVariables;
};
export type DashboardApp = OpenAPIHono<DashboardEnv>;
