import type Stripe from "stripe";
import { stripeClient } from "../gateway-connections/remote/stripe";
import type { AppConfig } from "../infra/app/config";
import { DomainError } from "../infra/domain-error";

/**
 * Rekomi's own Stripe account, the Connect platform of payouts (`STRIPE_SECRET_KEY`), through
 * the official SDK at `STRIPE_API_URL` (the local stand-in in tests and `npm run dev`). Every
 * call that moves money passes an idempotency key derived from Rekomi's own ids, so a retried
 * step never charges or transfers twice.
 */
export async function platformStripe(config: Pick<AppConfig, "STRIPE_SECRET_KEY" | "STRIPE_API_URL">): Promise<Stripe> {
  if (!config.STRIPE_SECRET_KEY) throw new DomainError("service_unavailable", "Payouts are not configured on this deployment: STRIPE_SECRET_KEY is not set.");
  return stripeClient(config.STRIPE_API_URL, config.STRIPE_SECRET_KEY);
}

/** Whether this deployment can pay out at all (the dashboards say so instead of failing later). */
export const payoutsConfigured = (config: Pick<AppConfig, "STRIPE_SECRET_KEY">): boolean => Boolean(config.STRIPE_SECRET_KEY);
