import type Stripe from "stripe";
import { GATEWAY_EVENTS } from "../../gateways/catalog";
import { DomainError } from "../../infra/domain-error";
import type { Registration } from "./types";

/**
 * Stripe's side of a connection, through the official SDK (fetch client, so it runs in the
 * worker). `STRIPE_API_URL` points it at the local stand-in in tests and `npm run dev`. The
 * SDK is loaded on first use: it is large, and only connecting and rotating need it.
 */

/** The mode a Stripe secret or restricted key belongs to, or null when it is not one. */
export function stripeKeyMode(key: string): "test" | "live" | null {
  const match = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(key);
  return match ? (match[2] as "test" | "live") : null;
}

const loadSdk = async () => (await import("stripe")).default;

/** The official client for `key`, at `apiUrl` (`STRIPE_API_URL`). */
export async function stripeClient(apiUrl: string, key: string): Promise<Stripe> {
  const StripeSdk = await loadSdk();
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return new StripeSdk(key, {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === "https" ? 443 : 80,
    protocol,
    httpClient: StripeSdk.createFetchHttpClient(),
    maxNetworkRetries: 1,
    timeout: 15_000,
  });
}

/** Stripe refused the key's right to manage webhook endpoints (a restricted key without that permission). */
export class StripePermissionRefused extends Error {}

/**
 * Registers Rekomi's webhook endpoint for the connection, pinned to the SDK's API version so
 * payloads keep the shape the normalizer reads, and keeps the secret Stripe returns once.
 * `connect`: a Connect endpoint, which Stripe sends the connected accounts' events to (the
 * platform's own account's events go to its normal endpoints only).
 */
export async function registerStripeEndpoint(apiUrl: string, key: string, webhookUrl: string, connectionId: string, connect: boolean): Promise<Registration> {
  try {
    const stripe = await stripeClient(apiUrl, key);
    const endpoint = await stripe.webhookEndpoints.create({
      url: webhookUrl,
      enabled_events: [...GATEWAY_EVENTS.stripe] as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
      api_version: (await loadSdk()).API_VERSION,
      description: `Rekomi (${connectionId})`,
      metadata: { rekomi_connection: connectionId },
      ...(connect ? { connect: true } : {}),
    });
    if (!endpoint.secret) throw new DomainError("bad_gateway", "Stripe created the webhook endpoint but returned no signing secret.");
    return { endpointId: endpoint.id, secret: endpoint.secret };
  } catch (error) {
    if (stripeErrorType(error) === "StripePermissionError") throw new StripePermissionRefused((error as Error).message);
    throw stripeFailure(error, "creating the webhook endpoint");
  }
}

/** The Stripe account the key belongs to, when the key may read it (optional: null otherwise). */
export async function stripeAccountId(apiUrl: string, key: string): Promise<string | null> {
  try {
    return (await (await stripeClient(apiUrl, key)).accounts.retrieveCurrent()).id;
  } catch {
    return null;
  }
}

/** Deletes an endpoint Rekomi registered; best-effort (a failure leaves an endpoint whose events the edge refuses). */
export async function deleteStripeEndpoint(apiUrl: string, key: string, endpointId: string): Promise<boolean> {
  try {
    await (await stripeClient(apiUrl, key)).webhookEndpoints.del(endpointId);
    return true;
  } catch (error) {
    console.warn(`gateway-connections: could not delete Stripe endpoint ${endpointId}: ${(error as Error).message}`);
    return false;
  }
}

export function stripeErrorType(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "type" in error && typeof error.type === "string" ? error.type : undefined;
}

/** A Stripe failure as the brand's error: their key's problem is a 400 on the key, Stripe's own a 502. */
function stripeFailure(error: unknown, doing: string): DomainError {
  if (error instanceof DomainError) return error;
  const message = (error as Error).message;
  if (stripeErrorType(error) === "StripeAuthenticationError") {
    return new DomainError("invalid_request", `Stripe refused the API key while ${doing}: ${message}`, { param: "stripe.api_key" });
  }
  if (stripeErrorType(error) === "StripeInvalidRequestError") {
    return new DomainError("bad_gateway", `Stripe refused ${doing}: ${message}`);
  }
  return new DomainError("bad_gateway", `Stripe could not be reached or failed while ${doing}; nothing was changed, try again. (${message})`);
}
