import * as z from "zod/mini";
import { AppEnvName, configParser, DatabaseConfig, doc, documented, queueBinding, TrackingQueues, TrackingSecrets, type ConfigEnv } from "../env";
import type { PayoutMessage } from "../queues/messages";

const StripeWebhookSecret = z.optional(z.string().check(z.regex(/^whsec_[A-Za-z0-9_]+$/, "must be a Stripe webhook signing secret (`whsec_…`)")));

/**
 * The edge worker's configuration (redirects, rk.js, S2S ingest, gateway webhooks): parsed once per isolate
 * at its entry (src/infra/edge/worker.ts). `zod/mini`, like the ingest schemas, so that
 * validating it costs the edge's 64 KiB budget no extra library.
 */
export const EdgeConfig = z.object({
  ...DatabaseConfig,
  ...TrackingSecrets,
  ...TrackingQueues,
  APP_ENV: AppEnvName,
  STRIPE_WEBHOOK_SECRET: documented(
    StripeWebhookSecret,
    doc("secret", "Signing secret (`whsec_…`) of the webhook endpoint on Rekomi's platform Stripe account that sends payout charges' and transfers' events to `/webhooks/payouts/stripe`. Unset: that route answers 503."),
  ),
  STRIPE_CONNECT_WEBHOOK_SECRET: documented(
    StripeWebhookSecret,
    doc("secret", "Signing secret of the platform's Connect webhook endpoint (creators' connected accounts: `account.updated`, `payout.*`) at `/webhooks/payouts/stripe-connect`. Unset: that route answers 503."),
  ),
  LOCAL_DB_BRIDGE_SERVICE: documented(
    z.optional(z.custom<Fetcher>((v) => typeof v === "object" && v !== null && "fetch" in v, "must be a service binding")),
    doc(
      "local",
      "The `LOCAL_DB_BRIDGE` bridge bound as an external service (the bench binds it): the edge posts its SQL through it rather than through a global `fetch()`, which Miniflare routes through an extra outbound worker that production does not have. Ignored unless `LOCAL_DB_BRIDGE` is set.",
    ),
  ),
  PAYOUTS_QUEUE: queueBinding<PayoutMessage>("Queue `rekomi-payouts`: the Stripe platform and Connect events the edge accepted, for the app's payouts consumer."),
});
export type EdgeConfig = z.output<typeof EdgeConfig>;

/** The edge worker's config, parsed and cached per isolate; throws ConfigError naming what is wrong. */
export const edgeConfig = configParser("edge", EdgeConfig);

/** The Hono env of the edge's routes. */
export type EdgeConfigEnv = ConfigEnv<EdgeConfig>;
