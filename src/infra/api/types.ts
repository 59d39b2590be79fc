import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiKeyVariables } from "../../api-keys/auth";
import type { AppConfigEnv } from "../app/config";
import type { RequestIdVariables } from "../http/request-id";

/** The REST API v1 app every route file registers on. */
export type V1Env = { Bindings: AppConfigEnv["Bindings"]; Variables: AppConfigEnv["Variables"] & ApiKeyVariables & RequestIdVariables };
export type V1App = OpenAPIHono<V1Env>;

export const bearer = [{ apiKey: [] }];
