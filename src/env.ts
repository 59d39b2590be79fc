import { z } from "zod";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./http/errors";
import type { ClickBatchMessage, EventBatchMessage } from "./queues/messages";

/** Bindings every worker that talks to Postgres needs. */
export const DatabaseEnv = z.object({
  /** Connection string of the app role (never the owner): RLS must apply to every query. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  /** host:port of the local WebSocket-to-TCP bridge; set only in local dev and tests. */
  LOCAL_DB_BRIDGE: z.string().regex(/^[\w.-]+:\d+$/).optional(),
});

/** 32 random bytes, base64: seals secrets that must be readable later (src/secrets/box.ts). */
const EncryptionKey = z.string().refine((k) => {
  try {
    return atob(k).length === 32;
  } catch {
    return false;
  }
}, "must be 32 bytes, base64-encoded");

/** Secrets both workers share: click ids are minted at the edge and verified by the jobs. */
const TrackingSecrets = {
  /** HMAC key of click ids (`clk_…`): at least 32 random characters. */
  CLICK_SIGNING_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** Seals S2S secrets at rest: the app encrypts them, the edge decrypts them to verify. */
  SECRETS_ENCRYPTION_KEY: EncryptionKey,
};

const queue = <Body>(name: string) =>
  z.custom<Queue<Body>>((v) => typeof v === "object" && v !== null && "send" in v, `${name} queue binding missing`);

/** The app worker: REST API, dashboard API, dashboard assets, and the queue consumers (jobs). */
export const AppEnv = DatabaseEnv.extend({
  ...TrackingSecrets,
  APP_ENV: z.enum(["development", "test", "production"]).default("production"),
  ASSETS: z.custom<Fetcher>((v) => typeof v === "object" && v !== null && "fetch" in v, "ASSETS binding missing"),
  /** Public origin of the edge worker, used to build tracking link URLs. */
  TRACKING_BASE_URL: z.string().url().optional(),
  /** Outbound webhook deliveries (producer and consumer). */
  WEBHOOKS: queue<unknown>("WEBHOOKS"),
});
export type AppEnv = z.infer<typeof AppEnv>;

/** The edge worker: redirects and ingest. */
export const EdgeEnv = DatabaseEnv.extend({
  ...TrackingSecrets,
  APP_ENV: z.enum(["development", "test", "production"]).default("production"),
  CLICKS_QUEUE: queue<ClickBatchMessage>("CLICKS_QUEUE"),
  EVENTS_QUEUE: queue<EventBatchMessage>("EVENTS_QUEUE"),
});
export type EdgeEnv = z.infer<typeof EdgeEnv>;

const checked = new WeakMap<object, unknown>();

/**
 * Validates the worker's bindings once per isolate and fails every request with a clear
 * message when one is missing, instead of crashing deep inside a handler.
 */
export function validatedEnv<S extends z.ZodType>(schema: S, raw: object): z.infer<S> {
  const hit = checked.get(raw);
  if (hit) return hit as z.infer<S>;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(JSON.stringify({ level: "error", message: "invalid worker environment", binding: issue.path.join("."), reason: issue.message }));
    throw new ApiError("service_unavailable", `Server misconfigured: binding \`${issue.path.join(".")}\` ${issue.message}.`);
  }
  checked.set(raw, parsed.data);
  return parsed.data;
}

/** Middleware form of `validatedEnv`, installed first in each worker's app. */
export function envGuard(schema: z.ZodType): MiddlewareHandler {
  return async function envGuardMiddleware(c, next) {
    validatedEnv(schema, c.env as object);
    await next();
  };
}
