import type { EventLog, EventRequest } from "./events";
import type { FailureQueue } from "./failures";
import type { FormParams } from "./form";
import type { Owner, StripeStore } from "./store";

/** One stand-in instance's parts, handed to every endpoint. */
export interface StandInContext {
  store: StripeStore;
  events: EventLog;
  failures: FailureQueue;
  /** Where the stand-in listens, for the URLs it hands out (account links, Checkout pages). */
  baseUrl: string;
  /** The platform's currency, for an empty balance. */
  defaultCurrency: string;
  /** Restricted keys (`rk_…`) given limited permissions: key → the resources (`webhook_endpoints`, `accounts`, …) it may use. Unlisted keys may use every resource. */
  restrictedKeys: Map<string, string[]>;
}

/** One API call as an endpoint sees it. */
export interface Call {
  params: FormParams;
  /** The connected account named by `Stripe-Account`, or null for the platform. */
  owner: Owner;
  /** Path segments named in the route (`:id`). */
  path: Record<string, string>;
  /** For the events it causes. */
  request: EventRequest;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** e.g. `/v1/accounts/:id/login_links` */
  path: string;
  run(call: Call, ctx: StandInContext): object;
}
