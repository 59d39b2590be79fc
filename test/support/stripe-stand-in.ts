import Stripe from "stripe";
import type { StripeStandIn } from "../../scripts/local/stand-ins/stripe";

/** The official SDK pointed at a stand-in, the way the product will configure it. */
export function stripeClient(standIn: StripeStandIn, key = "sk_test_standin_0123456789"): Stripe {
  return new Stripe(key, { host: standIn.host, port: standIn.port, protocol: standIn.protocol, httpClient: Stripe.createFetchHttpClient() });
}

/** The error a call to the stand-in fails with (the test fails if it succeeds). */
export async function failure<E extends Stripe.errors.StripeError = Stripe.errors.StripeError>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the call to fail");
}
