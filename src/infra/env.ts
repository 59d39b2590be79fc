import { z } from "zod";
import type { MiddlewareHandler } from "hono";
import { emailTransport } from "../email/transports";
import { fromBase64 } from "./encoding";
import { ApiError } from "./http/errors";
import type { ClickBatchMessage, EventBatchMessage } from "./queues/messages";

/** Bindings every worker that talks to Postgres needs. */
export const DatabaseEnv = z.object({
  /** Connection string of the app role (never the owner): RLS must apply to every query. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  /** host:port of the local WebSocket-to-TCP bridge; set only in local dev and tests. */
  LOCAL_DB_BRIDGE: z.string().regex(/^[\w.-]+:\d+$/).optional(),
});

/** 32 random bytes, base64: seals secrets that must be readable later (src/infra/secrets/box.ts). */
const EncryptionKey = z.string().refine((k) => fromBase64(k)?.length === 32, "must be 32 bytes, base64-encoded");

/** Secrets both workers share: click ids are minted at the edge and verified by the jobs. */
const TrackingSecrets = {
  /** HMAC key of click ids (`clk_…`): at least 32 random characters. */
  CLICK_SIGNING_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** Seals S2S secrets at rest: the app encrypts them, the edge decrypts them to verify. */
  SECRETS_ENCRYPTION_KEY: EncryptionKey,
};

const queue = <Body>(name: string) =>
  z.custom<Queue<Body>>((v) => typeof v === "object" && v !== null && "send" in v, `${name} queue binding missing`);

const Secret = z.string().min(32, "must be a random secret of at least 32 characters");

/** The app worker: REST API, dashboard API, dashboard assets, and the queue consumers (jobs). */
export const AppEnv = DatabaseEnv.extend({
  ...TrackingSecrets,
  APP_ENV: z.enum(["development", "test", "production"]).default("production"),
  // Typed structurally (not as workers-types' Fetcher) so Node tooling can import this file.
  ASSETS: z.custom<{ fetch: (request: Request) => Promise<Response> }>((v) => typeof v === "object" && v !== null && "fetch" in v, "ASSETS binding missing"),
  /** Public origin of the edge worker, used to build tracking link URLs. */
  TRACKING_BASE_URL: z.string().url().optional(),
  /** Outbound webhook deliveries (producer and consumer). */
  WEBHOOKS: queue<unknown>("WEBHOOKS"),
  /** The edge's queues, which the app also consumes; it sends to them only to replay dead letters. */
  EVENTS_QUEUE: queue<EventBatchMessage>("EVENTS_QUEUE"),
  CLICKS_QUEUE: queue<ClickBatchMessage>("CLICKS_QUEUE"),
  /** Public origin of the dashboard (links in emails, origin check); required in production. */
  APP_ORIGIN: z.string().url().optional(),
  /** Signs session cookies (secret). Rotating it signs everyone out. */
  SESSION_SECRET: Secret,
  /** HMAC key applied to passwords before PBKDF2 (secret). Never rotate without a rehash plan. */
  PASSWORD_PEPPER: Secret,
  /** `mailbox` (development and test: the /dev/mailbox page) or `resend` (HTTP API). */
  EMAIL_TRANSPORT: z.enum(["mailbox", "resend"]).optional(),
  /** Sender of account mail; see `emailFrom`. */
  EMAIL_FROM: z.string().min(3).optional(),
  /** Resend API key (secret), for EMAIL_TRANSPORT=resend. */
  RESEND_API_KEY: z.string().optional(),
  /** Override of the Resend API origin (tests point it at a local fake). */
  RESEND_API_URL: z.string().url().optional(),
  /** Private R2 bucket of creators' tax forms; read only through signed URLs (src/tax-forms). */
  TAX_FORMS: z.custom<R2Bucket>((v) => typeof v === "object" && v !== null && "put" in v && "get" in v, "TAX_FORMS R2 bucket binding missing"),
  /** Signs short-lived file download URLs (secret). Rotating it voids links already issued. */
  FILE_URL_SECRET: Secret,
}).superRefine((env, ctx) => {
  const transport = emailTransport(env);
  if (env.APP_ENV === "production" && transport === "mailbox") {
    ctx.addIssue({ code: "custom", path: ["EMAIL_TRANSPORT"], message: "cannot be `mailbox` in production" });
  }
  if (transport === "resend" && !env.RESEND_API_KEY) {
    ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: "is required when email goes through Resend" });
  }
  if (env.APP_ENV === "production" && !env.APP_ORIGIN) {
    ctx.addIssue({ code: "custom", path: ["APP_ORIGIN"], message: "is required in production" });
  }
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

/** The app worker's validated bindings (defaults applied); cached per isolate. */
export function appEnv(raw: object): AppEnv {
  return validatedEnv(AppEnv, raw);
}

/** Middleware form of `validatedEnv`, installed first in each worker's app. */
export function envGuard(schema: z.ZodType): MiddlewareHandler {
  return async function envGuardMiddleware(c, next) {
    validatedEnv(schema, c.env as object);
    await next();
  };
}
