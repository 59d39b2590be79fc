import { apiKeyAuth } from "../../api-keys/auth";
import { database } from "../http/database";
import { jsonBodies, storableQueries } from "../http/json-body";
import { openApiApp } from "../http/openapi-app";
import { BRAND_OPERATIONS } from "./brand-operations";
import { mountOnV1 } from "./doors";
import type { V1App, V1Env } from "./types";

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Rekomi REST API",
    version: "v1",
    description:
      "Campaigns, affiliates, tracking links, S2S signing keys, conversions and commissions of one brand. Authenticate with `Authorization: Bearer <api key>`. " +
      "Errors share one envelope `{ error: { code, message, param?, request_id } }`. Lists are cursor-paginated " +
      "(`{ data, has_more, next_cursor }`). Send `Idempotency-Key` on POST to retry safely.",
  },
  servers: [{ url: "/" }],
};

/** The REST API v1: API-key auth, then every brand operation through the /v1 door. */
export function buildV1(): V1App {
  const v1 = openApiApp<V1Env>();
  v1.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "A brand API key, `rk_live_…`." });
  // Registered before the auth middleware: handlers run in registration order and this one
  // answers without calling next(), so the document stays public.
  v1.doc31("/v1/openapi.json", OPENAPI_INFO);
  v1.use("/v1/*", storableQueries, jsonBodies(), database(), apiKeyAuth());
  mountOnV1(v1, BRAND_OPERATIONS);
  return v1;
}
