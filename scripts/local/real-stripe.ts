import { SetupError } from "./setup-error";

/** Payouts against real Stripe on the dev stack: Rekomi's platform key and its two webhook endpoints' signing secrets. */
export interface RealStripe {
  secretKey: string;
  webhookSecret?: string | undefined;
  connectWebhookSecret?: string | undefined;
}

/**
 * `STRIPE_SECRET_KEY` in the environment: payouts against real Stripe in test mode, with the
 * signing secrets of its two webhook endpoints (`stripe listen` prints them) when given.
 * Unset: the Stripe stand-in is the platform. A live key is refused: this is a dev stack.
 */
export function realStripeFromEnv(env: NodeJS.ProcessEnv): RealStripe | undefined {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) return undefined;
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(secretKey)) throw new SetupError("STRIPE_SECRET_KEY must be a test-mode key (sk_test_… or rk_test_…): npm run dev never moves real money. Unset it to use the local Stripe stand-in.");
  const secret = (name: "STRIPE_WEBHOOK_SECRET" | "STRIPE_CONNECT_WEBHOOK_SECRET") => {
    const value = env[name] || undefined;
    if (value && !/^whsec_[A-Za-z0-9_]+$/.test(value)) throw new SetupError(`${name} must be a webhook signing secret (whsec_…), as \`stripe listen\` prints it.`);
    return value;
  };
  return { secretKey, webhookSecret: secret("STRIPE_WEBHOOK_SECRET"), connectWebhookSecret: secret("STRIPE_CONNECT_WEBHOOK_SECRET") };
}
