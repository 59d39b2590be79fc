import type Stripe from "stripe";

/** What Stripe said when it refused a request for good: its code and readable message. */
export interface Refusal {
  code: string;
  message: string;
}

interface StripeErrorLike {
  type?: unknown;
  statusCode?: unknown;
  code?: unknown;
  decline_code?: unknown;
  message?: unknown;
  raw?: { payment_intent?: Stripe.PaymentIntent } | undefined;
}

/**
 * Stripe's final "no" (a declined card, a refused transfer): `StripeCardError`, or
 * `StripeInvalidRequestError` answered with a 4xx other than 429. Anything else (no answer,
 * a 5xx, a rate limit, an idempotency clash with a request still running, a bad key) is
 * transient or ours to fix, so it is thrown and the queue retries the step with the same
 * idempotency key: repeating it can never move money twice.
 */
export function refusalOf(err: unknown): Refusal | null {
  const e = err as StripeErrorLike | null;
  if (!e || typeof e !== "object") return null;
  const status = typeof e.statusCode === "number" ? e.statusCode : 0;
  const final = (e.type === "StripeCardError" || e.type === "StripeInvalidRequestError") && status >= 400 && status < 500 && status !== 429;
  if (!final) return null;
  const code = typeof e.decline_code === "string" ? e.decline_code : typeof e.code === "string" ? e.code : "stripe_refused";
  return { code, message: typeof e.message === "string" ? e.message : "Stripe refused the request." };
}

/** The PaymentIntent a declined confirmation returns inside its error, when Stripe includes it. */
export function declinedIntent(err: unknown): Stripe.PaymentIntent | null {
  return (err as StripeErrorLike | null)?.raw?.payment_intent ?? null;
}

/** An amount in ISO minor units that Stripe's unit for the currency cannot hold: refused before asking Stripe. */
export function unrepresentable(amount: number, currency: string): Refusal {
  return { code: "amount_not_representable", message: `${amount} ${currency} minor units cannot be expressed in Stripe's unit for ${currency}.` };
}
