import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppConfigEnv } from "../app/config";
import { recordAudit, userActor, type AuditActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { accessedBrandTransaction, brandAccessOf } from "../../teams/guard";
import { withPrincipal } from "../db/principal";
import { idempotentBrandWrite, idempotentSecretWrite, type BrandTransaction } from "../http/idempotency";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../http/schemas";
import { dashboardRoute } from "./dashboard-route";
import type { DashboardApp } from "./dashboard-types";
import type { AnyBrandOperation, OperationContext } from "./operation";
import { bearer, type V1App, type V1Env } from "./types";

/**
 * The two doors of every brand operation (src/infra/api/operation.ts). `/v1` authenticates
 * an API key (src/api-keys/auth.ts) and acts as its brand; the dashboard authenticates the
 * session cookie, checks the member's role for the operation's permission
 * (src/teams/guard.ts) and acts as the brand on the member's behalf. Everything else, from
 * validation to the error envelope, is the same code.
 */

/** `/v1/…`: the brand of the API key. */
export function mountOnV1(app: V1App, operations: AnyBrandOperation[]): void {
  for (const op of operations) {
    const route = createRoute({
      ...routeConfig(op, op.request?.params),
      path: `/v1${op.path}`,
      security: bearer,
      "x-rekomi-access": `brand:${op.permission}`,
    });
    untyped(app)(route, async (c) => {
      const { id: brandId, keyId } = (c as Context<V1Env>).var.brand;
      const brand: BrandTransaction = { brandId, transact: (fn, opts) => withPrincipal((c as Context<V1Env>).var.db(), { kind: "brand", brandId }, fn, opts) };
      return answer(c, op, contextFor(c, op, brand, { type: "api_key", id: keyId }));
    });
  }
}

/** `/api/brands/{brandId}/…`: a verified member whose role has the operation's permission. */
export function mountOnDashboard(app: DashboardApp, operations: AnyBrandOperation[]): void {
  for (const op of operations) {
    const params = op.request?.params ? brandParam.extend(op.request.params.shape) : brandParam;
    const route = dashboardRoute({ brand: op.permission }, { ...routeConfig(op, params), path: `/api/brands/{brandId}${op.path}` });
    untyped(app)(route, async (c) => {
      const access = brandAccessOf(c);
      const brand = accessedBrandTransaction(c);
      return answer(c, op, contextFor(c, op, brand, userActor(access.userId)));
    });
  }
}

/**
 * The doors build routes from data, so Hono's per-route response typing cannot follow
 * them; the operation's own types check each handler's input and answer instead.
 */
function untyped(app: V1App | DashboardApp) {
  return app.openapi.bind(app) as unknown as (route: unknown, handler: (c: Context) => Promise<Response>) => void;
}

const brandParam = idParams({ brandId: "brd" });

function routeConfig(op: AnyBrandOperation, params: RouteConfig["request"] extends infer Q ? (Q extends { params?: infer P } ? P : never) : never) {
  const { body, query } = op.request ?? {};
  const { status, schema, description } = op.response;
  return {
    operationId: op.id,
    method: op.method,
    tags: op.tags,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    request: { ...(params ? { params } : {}), ...(query ? { query } : {}), ...(body ? { body: jsonBody(body) } : {}) },
    responses: {
      [status]: schema ? jsonResponse(schema, description) : { description },
      ...commonErrors,
      ...Object.fromEntries(Object.entries(op.errors ?? {}).map(([code, text]) => [code, errorResponse(text)])),
    },
  };
}

async function answer(c: Context, op: AnyBrandOperation, ctx: OperationContext): Promise<Response> {
  const valid = validated(c);
  const input = { params: valid("param") ?? {}, query: valid("query") ?? {}, body: valid("json") ?? {} };
  const { brandId: _brandId, ...params } = input.params as Record<string, unknown>;
  const body = await op.handler(ctx, { ...input, params });
  if (op.response.schema === null) return c.body(null, op.response.status as 204);
  return c.json(body, op.response.status as 200);
}

/** What the route's schemas validated, by target (`param`, `query`, `json`). */
function validated(c: Context): (target: string) => unknown {
  return c.req.valid.bind(c.req) as (target: string) => unknown;
}

function contextFor(c: Context, op: AnyBrandOperation, brand: BrandTransaction, actor: AuditActor): OperationContext {
  const client = clientInfo(c);
  // Only POST creates, so only POST takes `Idempotency-Key`; the fingerprint is the body,
  // the path (which holds the ids) being part of it already.
  const idempotent = op.method === "post";
  const request = () => validated(c)("json") ?? null;
  let ran = false;
  const once = () => {
    // A programming error: a second transaction would claim the idempotency key twice.
    if (ran) throw new Error(`operation ${op.id}: ctx.run called twice`);
    ran = true;
  };
  return {
    brandId: brand.brandId,
    actor,
    client,
    config: (c as Context<AppConfigEnv>).var.config,
    run(effect) {
      once();
      return idempotent ? idempotentBrandWrite(c, brand, request(), effect) : brand.transact(effect);
    },
    read(effect) {
      once();
      return brand.transact(effect, { readOnly: true });
    },
    runShowingSecret(effect) {
      once();
      return idempotentSecretWrite(c, brand, request(), effect);
    },
    audit: (tx, entry) => recordAudit(tx, { brandId: brand.brandId, actor, client, ...entry }),
    waitUntil: (work) => c.executionCtx.waitUntil(work),
  };
}
