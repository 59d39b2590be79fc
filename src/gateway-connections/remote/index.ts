import type { Gateway } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";
import { deletePaddleDestination, paddleApiUrl, paddleKeyMode, PaddlePermissionRefused, registerPaddleDestination } from "./paddle";
import { deleteStripeEndpoint, registerStripeEndpoint, StripePermissionRefused, stripeKeyMode } from "./stripe";
import type { Registration } from "./types";

/** The gateway API origins a connection is made with (src/infra/app/config.ts). */
export interface GatewayApis {
  STRIPE_API_URL: string;
  PADDLE_API_URL?: string | undefined;
}

/** The gateways whose webhook endpoint Rekomi can register through their API. */
export type RegisteringGateway = "stripe" | "paddle";

/** An endpoint Rekomi made at a gateway, with what it takes to remove it again. */
export interface RemoteEndpoint {
  gateway: RegisteringGateway;
  livemode: boolean;
  apiKey: string;
  endpointId: string;
}

/**
 * Refuses a key that belongs to the other mode: a test key on a live connection would
 * register an endpoint that never sees a live payment (and the reverse). Keys whose mode
 * cannot be told (older Paddle keys) pass; Stripe keys must be `sk_` or `rk_` keys.
 */
export function checkKeyMode(gateway: RegisteringGateway, key: string, livemode: boolean): void {
  const param = `${gateway}.api_key`;
  const mode = gateway === "stripe" ? stripeKeyMode(key) : paddleKeyMode(key);
  if (gateway === "stripe" && mode === null) {
    throw new DomainError("invalid_request", "Give a Stripe restricted key (`rk_test_…`, `rk_live_…`) or secret key (`sk_…`); publishable keys cannot manage webhooks.", { param });
  }
  const wanted = livemode ? "live" : "test";
  if (mode !== null && mode !== wanted) {
    throw new DomainError("invalid_request", `This is a ${mode}-mode key but the connection is for ${wanted} mode: use a ${wanted}-mode key, or connect ${mode} mode.`, { param });
  }
}

/**
 * Registers Rekomi's endpoint at the gateway (`connect`: a Stripe Connect endpoint, for the
 * platform's connected accounts). Null when the key may not manage endpoints: the caller
 * then needs a pasted secret.
 */
export async function registerEndpoint(apis: GatewayApis, gateway: RegisteringGateway, livemode: boolean, apiKey: string, webhookUrl: string, connectionId: string, connect: boolean): Promise<(Registration & RemoteEndpoint) | null> {
  try {
    const made =
      gateway === "stripe"
        ? await registerStripeEndpoint(apis.STRIPE_API_URL, apiKey, webhookUrl, connectionId, connect)
        : await registerPaddleDestination(paddleApiUrl(apis.PADDLE_API_URL, livemode), apiKey, webhookUrl, connectionId);
    return { ...made, gateway, livemode, apiKey };
  } catch (error) {
    if (error instanceof StripePermissionRefused || error instanceof PaddlePermissionRefused) return null;
    throw error;
  }
}

/** Removes an endpoint Rekomi made; best-effort, true when the gateway confirmed it. */
export function deleteEndpoint(apis: GatewayApis, endpoint: RemoteEndpoint): Promise<boolean> {
  return endpoint.gateway === "stripe"
    ? deleteStripeEndpoint(apis.STRIPE_API_URL, endpoint.apiKey, endpoint.endpointId)
    : deletePaddleDestination(paddleApiUrl(apis.PADDLE_API_URL, endpoint.livemode), endpoint.apiKey, endpoint.endpointId);
}

export function isRegistering(gateway: Gateway): gateway is RegisteringGateway {
  return gateway === "stripe" || gateway === "paddle";
}
