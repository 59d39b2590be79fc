import { z } from "zod";
import type { PayoutMessage } from "../queues/messages";
import { AppEnvName, configParser, DatabaseConfig, doc, documented, Origin, queueBinding, Secret, TrackingQueues, TrackingSecrets, type ConfigEnv } from "../env";

/**
 * The app worker's configuration (REST API, dashboard API and assets, queue consumers,
 * cron): every var, secret and binding it reads, parsed once per isolate at its entry
 * (src/infra/app/worker.ts). Nothing is defaulted that could differ between deployments:
 * a missing value stops the worker with a message naming it.
 */
export const AppConfig = z
  .object({
    ...DatabaseConfig,
    ...TrackingSecrets,
    ...TrackingQueues,
    APP_ENV: AppEnvName,
    APP_ORIGIN: documented(Origin, doc("var", "Public origin of the dashboard: links in mail, download URLs, the CSRF origin check.")),
    TRACKING_BASE_URL: documented(Origin, doc("var", "Public origin of the edge worker: tracking link URLs (`/c/{code}`) and rk.js snippets.")),
    SESSION_SECRET: documented(Secret, doc("secret", "Signs session cookies, 32+ random characters. Rotating it signs everyone out.")),
    PASSWORD_PEPPER: documented(Secret, doc("secret", "HMAC key applied to passwords before PBKDF2, 32+ random characters. Never rotate without a rehash plan.")),
    FILE_URL_SECRET: documented(Secret, doc("secret", "Signs the 5-minute file download URLs, 32+ random characters. Rotating it voids links already issued.")),
    EMAIL_TRANSPORT: z
      .enum(["mailbox", "resend"])
      .meta(doc("var", "`resend` (Resend's HTTP API) or `mailbox` (kept for the `/dev/mailbox` page; refused in production).")),
    EMAIL_FROM: z.string().min(3, "must be a sender such as `Rekomi <no-reply@rekomi.com>`").meta(doc("var", "Sender of account mail, e.g. `Rekomi <no-reply@rekomi.com>`.")),
    RESEND_API_KEY: z.string().min(1).optional().meta(doc("secret", "Resend API key. Required when `EMAIL_TRANSPORT` is `resend`.")),
    RESEND_API_URL: z
      .url({ protocol: /^https?$/ })
      .default("https://api.resend.com")
      .meta(doc("var", "Origin of the Resend API; the tests point it at a local fake.")),
    STRIPE_API_URL: z
      .url({ protocol: /^https?$/ })
      .default("https://api.stripe.com")
      .meta(doc("var", "Origin of the Stripe API (gateway connections); tests and `npm run dev` point it at the local stand-in.")),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "must be a Stripe secret key (`sk_test_…` or `sk_live_…`)")
      .optional()
      .meta(doc("secret", "Rekomi's own Stripe account, the Connect platform of payouts: creators' Express accounts, brands' saved payment methods, payout charges and transfers (src/payouts). Unset: payouts and creator onboarding answer 503 `service_unavailable`. Tests and `npm run dev` use a test key against the local stand-in.")),
    STRIPE_PLATFORM_COUNTRY: z
      .string()
      .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as `US`")
      .default("US")
      .meta(doc("var", "Country of Rekomi's platform Stripe account: which creator countries can be paid with separate charges and transfers depends on it (src/payouts/countries.ts).")),
    PAYOUTS_QUEUE: queueBinding<PayoutMessage>("Queue `rekomi-payouts`: Stripe platform and Connect events accepted by the edge, and run steps the app schedules; consumed by the app."),
    PADDLE_API_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta(doc("var", "Origin of the Paddle API for every connection. Unset: `api.paddle.com` for live connections, `sandbox-api.paddle.com` for test ones; tests and `npm run dev` set the local stand-in.")),
    BRAINTREE_API_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta(doc("var", "Origin of the Braintree API for every connection. Unset: the production or sandbox gateway by the connection's environment; tests and `npm run dev` set the local stand-in.")),
    // Bindings are typed structurally (not as workers-types' Fetcher) so Node tooling can import this file.
    ASSETS: z
      .custom<{ fetch: (request: Request) => Promise<Response> }>((v) => typeof v === "object" && v !== null && "fetch" in v, "must be the assets binding")
      .meta(doc("binding", "The dashboard's static files (`[assets]`, web/dist).")),
    TAX_FORMS: z
      .custom<R2Bucket>((v) => typeof v === "object" && v !== null && "put" in v && "get" in v, "must be an R2 bucket binding")
      .meta(doc("binding", "Private R2 bucket of creators' tax forms; read only through signed URLs (src/tax-forms).")),
    HELP_FILES: z
      .custom<R2Bucket>((v) => typeof v === "object" && v !== null && "put" in v && "get" in v, "must be an R2 bucket binding")
      .meta(doc("binding", "Private R2 bucket of screenshots attached in the help messenger; read only through signed URLs (src/help).")),
    STATUS_EDGE_HEALTH_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta(doc("var", "Overrides where the status page's cron probe checks the edge worker (its `/healthz`). Unset: through the `EDGE` service binding, or `TRACKING_BASE_URL` + `/healthz` without one. On Cloudflare leave it unset and keep `EDGE` bound: a fetch to a hostname of the same zone goes to the origin, not to the other worker (docs/status.md).")),
    EDGE: z
      .custom<{ fetch: (input: Request | string) => Promise<Response> }>((v) => typeof v === "object" && v !== null && "fetch" in v, "must be a service binding to the edge worker")
      .optional()
      .meta(doc("binding", "Service binding to the edge worker (`[[services]]`, service `rekomi-edge`, in wrangler.toml): the status page's cron probes the edge's `/healthz` through it (src/status/probe.ts). Optional: without it the probe fetches `TRACKING_BASE_URL`.")),
    WEBHOOKS: queueBinding<unknown>("Queue `rekomi-webhooks`: outbound webhook deliveries (the app produces and consumes them)."),
  })
  .superRefine((config, ctx) => {
    if (config.APP_ENV === "production" && config.EMAIL_TRANSPORT === "mailbox") {
      ctx.addIssue({ code: "custom", path: ["EMAIL_TRANSPORT"], message: "cannot be `mailbox` in production" });
    }
    if (config.EMAIL_TRANSPORT === "resend" && !config.RESEND_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: "is required when email goes through Resend" });
    }
  });
export type AppConfig = z.output<typeof AppConfig>;

/** The app worker's config, parsed and cached per isolate; throws ConfigError naming what is wrong. */
export const appConfig = configParser("app", AppConfig);

/** The Hono env of the app's routes. */
export type AppConfigEnv = ConfigEnv<AppConfig>;
