import * as z from "zod/mini";
import type { $ZodError, $ZodObject, $ZodType, output } from "zod/v4/core";
import { en } from "zod/locales";
import type { MiddlewareHandler } from "hono";
import { fromBase64 } from "./encoding";
import { ApiError } from "./http/errors";
import type { ClickBatchMessage, EventBatchMessage } from "./queues/messages";

/**
 * The kit each worker uses to turn its raw environment (vars, secrets and bindings) into
 * one typed config, parsed once per isolate at the worker's entry. Each worker declares
 * its own schema beside its entry (src/infra/app/config.ts, src/infra/edge/config.ts);
 * handlers read `c.var.config` (fetch), `ctx.config` (brand operations) or the `config`
 * argument (queue consumers, cron), never the raw env. docs/configuration.md is generated
 * from the schemas' metadata (src/infra/config-doc.ts).
 *
 * Written with `zod/mini` (the edge's 64 KiB budget has no room for classic zod), imported
 * as a namespace (`import { z }` would keep every locale and the compiler in the bundle); its
 * schemas are zod v4 core schemas, so the app's classic `z.object` takes them as fields.
 */

/** How a variable reaches the worker: the column "set with" of docs/configuration.md. */
export type ConfigKind = "var" | "secret" | "binding" | "local";

/** Documentation of one variable; every field of a config schema carries it. */
export interface ConfigMeta {
  description: string;
  kind: ConfigKind;
  [k: string]: unknown;
}

// zod/mini loads no locale: the edge gets classic zod's English messages ("Invalid option: …")
// for the issues our schemas leave to the default (the app's classic zod sets the same).
z.config(en());

export const doc = (kind: ConfigKind, description: string): ConfigMeta => ({ kind, description });

/** A copy of `schema` carrying its documentation (classic zod's `.meta(doc(…))`, which mini schemas lack). */
export function documented<T extends z.ZodMiniType>(schema: T, meta: ConfigMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, meta);
  return copy;
}

/** Where the worker runs; only exactly `development` or `test` relaxes production's rules. */
export const AppEnvName = documented(
  z.enum(["development", "test", "production"]),
  doc("var", "`production`, `development` or `test`. Only `development` and `test` let webhooks reach `http://` and loopback receivers and open the dev mailbox."),
);

/** Connection settings of every worker that talks to Postgres (src/infra/db/client.ts). */
export const DatabaseConfig = {
  DATABASE_URL: documented(
    z.string().check(z.regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")),
    doc("secret", "Connection string of the app role `rekomi_app` (never the owner): RLS must apply to every query."),
  ),
  LOCAL_DB_BRIDGE: documented(
    // Plain HTTP and WebSocket carrying DATABASE_URL (with its password): never off this machine.
    z.optional(z.string().check(z.regex(/^(127\.0\.0\.1|localhost|\[::1\]):\d+$/, "must be host:port on the loopback (127.0.0.1, localhost or [::1])"))),
    doc(
      "local",
      "`host:port` on the loopback (127.0.0.1, localhost or [::1]) of the local stand-in for Neon (scripts/local/bridge.ts): the app's driver tunnels through its WebSocket, the edge posts its SQL to it. Set by `npm run dev`, the tests and the bench only (tests run production's rules with it too); never reachable off this machine.",
    ),
  ),
};

/** 32 random bytes, base64: seals secrets that must be readable later (src/infra/secrets/box.ts). */
const EncryptionKey = z.string().check(z.refine((k) => fromBase64(k)?.length === 32, "must be 32 bytes, base64-encoded"));

/** A random secret of at least 32 characters. */
export const Secret = z.string().check(z.minLength(32, "must be a random secret of at least 32 characters"));

/** Secrets both workers share: click ids are minted at the edge and verified by the jobs. */
export const TrackingSecrets = {
  CLICK_SIGNING_SECRET: documented(Secret, doc("secret", "HMAC key of click ids (`clk_…`), at least 32 random characters. The same value on both workers.")),
  SECRETS_ENCRYPTION_KEY: documented(
    EncryptionKey,
    doc("secret", "32 random bytes, base64: seals S2S and webhook secrets at rest (the app seals, the edge opens). The same value on both workers."),
  ),
};

/** A Queue binding (producer side). */
export const queueBinding = <Body>(description: string) =>
  documented(
    z.custom<Queue<Body>>((v) => typeof v === "object" && v !== null && "send" in v, "must be a Queue binding"),
    doc("binding", description),
  );

/** The queues the edge fills and the app consumes (the app sends to them only to replay dead letters). */
export const TrackingQueues = {
  CLICKS_QUEUE: queueBinding<ClickBatchMessage>("Queue `rekomi-clicks`: counted clicks, micro-batched by the edge, consumed by the app (which sends to it only to replay dead letters)."),
  EVENTS_QUEUE: queueBinding<EventBatchMessage>("Queue `rekomi-events`: accepted S2S and gateway events (and signature refusal counts), micro-batched by the edge, consumed by the app (which sends to it only to replay dead letters)."),
};

/** A public origin (`https://host[:port]`), normalized without a trailing slash. */
export const Origin = z.pipe(
  z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).check(
    z.refine((u) => {
      // Runs even when the URL check above failed: only judge what parses.
      const url = URL.canParse(u) ? new URL(u) : null;
      return !url || (url.pathname === "/" && !url.search && !url.hash);
    }, "must be an origin such as https://app.example.com, without a path"),
  ),
  z.transform((u: string) => new URL(u).origin),
);

/** The worker's environment is unusable: every request and batch fails with this, naming the variables. */
export class ConfigError extends ApiError {
  constructor(
    readonly worker: string,
    readonly problems: { variable: string; reason: string }[],
  ) {
    const list = problems.map((p) => `\`${p.variable}\` ${p.reason}`).join("; ");
    super("service_unavailable", `Server misconfigured (${worker} worker): ${list}.`);
  }
}

function problemsOf(schema: $ZodObject, error: $ZodError, raw: Record<string, unknown>): { variable: string; reason: string }[] {
  return error.issues.map((issue) => {
    const variable = issue.path.map(String).join(".") || "(environment)";
    const field: $ZodType | undefined = issue.path.length === 1 ? schema._zod.def.shape[String(issue.path[0])] : undefined;
    // A required variable that is absent says so; an optional one that a rule requires keeps the rule's reason.
    const missing = field !== undefined && field._zod.optin !== "optional" && raw[variable] === undefined;
    return { variable, reason: missing ? "is not set" : issue.message };
  });
}

/**
 * A parser for one worker's config: validates the raw environment once per isolate (the
 * runtime hands the same env object to every request) and throws `ConfigError` naming
 * every missing or invalid variable, so a misconfigured deployment fails closed at the
 * entry instead of deep inside a handler, or worse, running with a lax default.
 */
export function configParser<S extends $ZodObject>(worker: string, schema: S): (raw: unknown) => output<S> {
  const parsed = new WeakMap<object, output<S>>();
  return function parseConfig(raw) {
    if (typeof raw !== "object" || raw === null) throw new ConfigError(worker, [{ variable: "(environment)", reason: "is missing" }]);
    const hit = parsed.get(raw);
    if (hit) return hit;
    const result = z.safeParse(schema, raw);
    if (!result.success) {
      const error = new ConfigError(worker, problemsOf(schema, result.error, raw as Record<string, unknown>));
      console.error(JSON.stringify({ level: "error", message: "invalid worker configuration", worker, problems: error.problems }));
      throw error;
    }
    parsed.set(raw, result.data);
    return result.data;
  };
}

/** What the config middleware adds to a Hono context: `c.var.config`. */
export type ConfigVariables<C> = { config: C };

/** The Hono env of a worker's routes: `c.var.config` is typed, the raw env (`object`) is not for reading. */
export type ConfigEnv<C> = { Bindings: object; Variables: ConfigVariables<C> };

/** Installed first in each worker's app: parses the environment (cached) into `c.var.config`. */
export function provideConfig<C>(parse: (raw: unknown) => C): MiddlewareHandler<{ Variables: ConfigVariables<C> }> {
  return async function configMiddleware(c, next) {
    c.set("config", parse(c.env));
    await next();
  };
}
