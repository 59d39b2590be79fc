import type { z } from "@hono/zod-openapi";
import type { AuditAction, AuditActor } from "../../audit/log";
import type { ClientInfo } from "../../auth/client-info";
import type { Permission } from "../../teams/permissions";
import type { Tx } from "../db/client";
import type { AppConfig } from "../app/config";

/**
 * A brand operation, written once and mounted on both doors (src/infra/api/doors.ts):
 * `/v1/…` for API keys and `/api/brands/{brandId}/…` for signed-in members. The
 * definition says everything both doors need: who may call it (`permission`, checked
 * against the member's role on the dashboard; an API key holds every permission of its
 * brand), the method and path relative to the door, the request and response schemas, and
 * the handler.
 *
 * The handler sees the brand through `OperationContext` only, never the Hono context, so
 * the two doors cannot drift: what differs between them (authentication, who the actor is,
 * how the brand transaction is opened) lives in the doors.
 */
export interface BrandOperation<S extends RequestSchemas = RequestSchemas, R extends z.ZodType | null = z.ZodType | null> {
  /** The OpenAPI `operationId` on both doors, e.g. `createCampaign`. */
  id: string;
  permission: Permission;
  method: "get" | "post" | "patch" | "put" | "delete";
  /** Relative to the door, with named path parameters: `/campaigns/{campaignId}`. */
  path: `/${string}`;
  tags: string[];
  summary: string;
  description?: string;
  request?: S;
  /** `schema: null` answers an empty body (use with status 204). */
  response: { status: 200 | 201 | 202 | 204; schema: R; description: string };
  /** Error answers beyond the common ones (400, 401, 404), documented by status: `{ 409: "Already pending." }`. */
  errors?: Partial<Record<403 | 409 | 422 | 502 | 503, string>>;
  handler: (ctx: OperationContext, input: OperationInput<S>) => Promise<R extends z.ZodType ? z.input<R> : null>;
}

export interface RequestSchemas {
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : Record<string, never>;

export interface OperationInput<S extends RequestSchemas> {
  params: Parsed<S["params"]>;
  query: Parsed<S["query"]>;
  body: Parsed<S["body"]>;
}

/** What an operation knows about the request, the same on both doors. */
export interface OperationContext {
  readonly brandId: string;
  /** The API key or the member acting, as the audit log records them. */
  readonly actor: AuditActor;
  readonly client: ClientInfo;
  /** The app worker's parsed configuration (src/infra/app/config.ts): vars, secrets, queues, buckets. */
  readonly config: AppConfig;
  /**
   * One transaction as the brand, under its RLS policies. On POST it honours
   * `Idempotency-Key` on both doors: the effect and its stored answer commit together, and
   * a retry replays the answer. Call it once per request.
   */
  run<T>(effect: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * `run` for a GET that only reads: a READ ONLY transaction (Postgres refuses writes in
   * it), which on the dashboard's per-request connection does not wait for its COMMIT.
   */
  read<T>(effect: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * `run` for a POST that shows a secret once: only `body` is stored for replays, which
   * answer `secret: null` because the secret no longer exists in clear anywhere.
   */
  runShowingSecret<B extends object>(effect: (tx: Tx) => Promise<{ body: B; secret: string }>): Promise<B & { secret: string | null }>;
  /** Appends this action's audit record in `tx`, so the action and its record commit together. */
  audit(tx: Tx, entry: { action: AuditAction; target?: { type: string; id: string }; metadata?: Record<string, unknown> }): Promise<void>;
  /** Work that may finish after the answer is sent (queue sends, cache purges). */
  waitUntil(work: Promise<unknown>): void;
}

/** Declares an operation; the identity function is there for type inference. */
export function brandOperation<S extends RequestSchemas, R extends z.ZodType | null>(op: BrandOperation<S, R>): BrandOperation<S, R> {
  return op;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of operations of any shape
export type AnyBrandOperation = BrandOperation<any, any>;
