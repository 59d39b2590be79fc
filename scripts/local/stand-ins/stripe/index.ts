import { createServer } from "node:http";
import Stripe from "stripe";
import type { StandInContext } from "./context";
import { controls, type StandInControls } from "./control";
import { EventLog, type Delivery, type WebhookTarget } from "./events";
import { FailureQueue } from "./failures";
import { accountRoutes } from "./resources/accounts";
import { balanceRoutes } from "./resources/balance";
import { chargeRoutes } from "./resources/charges";
import { checkoutSessionRoutes } from "./resources/checkout-sessions";
import { customerRoutes } from "./resources/customers";
import { invoicePaymentRoutes } from "./resources/invoice-payments";
import { paymentIntentRoutes } from "./resources/payment-intents";
import { paymentMethodRoutes } from "./resources/payment-methods";
import { refundRoutes } from "./resources/refunds";
import { setupIntentRoutes } from "./resources/setup-intents";
import { transferRoutes } from "./resources/transfers";
import { webhookEndpointRoutes } from "./resources/webhook-endpoints";
import { stripeRequestHandler, type RecordedRequest } from "./server";
import { StripeStore } from "./store";

export type { Delivery, RecordedRequest, WebhookTarget };
export type { ChargeFailure, TransferFailure } from "./failures";

export interface StripeStandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Receivers besides the endpoints made through the API, e.g. the dev stack's Connect route. */
  webhookTargets?: WebhookTarget[];
  /** The platform's currency (default `usd`). */
  defaultCurrency?: string;
}

/** A running stand-in; its helpers are also reachable over HTTP (see control.ts). */
export interface StripeStandIn extends StandInControls {
  url: string;
  host: string;
  port: number;
  protocol: "http";
  /** Every API call received, in order, with its params, `Stripe-Account` and idempotency key. */
  requests: RecordedRequest[];
  /** Every event recorded, in order. */
  events: Stripe.Event[];
  /** Every webhook delivery attempted, once answered. */
  deliveries: Delivery[];
  stop(): Promise<void>;
}

/**
 * Starts a local Stripe stand-in for tests and the dev stack (never production): point the
 * official SDK at it with `new Stripe(key, { host, port, protocol })`. Each call starts an
 * independent instance with its own state, so several may run in one process.
 */
export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const { port = 0, webhookTargets = [], defaultCurrency = "usd" } = options;
  const host = "127.0.0.1";
  const store = new StripeStore();
  const events = new EventLog(store, webhookTargets, Stripe.API_VERSION);
  const failures = new FailureQueue();
  const requests: RecordedRequest[] = [];
  const ctx: StandInContext = { store, events, failures, baseUrl: "", defaultCurrency, restrictedKeys: new Map() };
  const routes = [...webhookEndpointRoutes, ...accountRoutes, ...customerRoutes, ...paymentMethodRoutes, ...setupIntentRoutes, ...checkoutSessionRoutes, ...paymentIntentRoutes, ...chargeRoutes, ...transferRoutes, ...refundRoutes, ...balanceRoutes, ...invoicePaymentRoutes];
  const handle = stripeRequestHandler(ctx, routes, requests);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((ok, fail) => server.once("error", fail).listen(port, host, ok));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  ctx.baseUrl = `http://${host}:${actualPort}`;
  return {
    url: ctx.baseUrl,
    host,
    port: actualPort,
    protocol: "http",
    requests,
    events: events.events,
    deliveries: events.deliveries,
    ...controls(ctx),
    stop: async () => {
      await events.flush();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
