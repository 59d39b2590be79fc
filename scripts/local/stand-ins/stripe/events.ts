import Stripe from "stripe";
import { stripeId, nowSeconds } from "./ids";
import type { StoredObject, StripeStore } from "./store";

/** A receiver of events: a webhook endpoint made through the API, or one given at start. */
export interface WebhookTarget {
  url: string;
  /** The `whsec_…` secret deliveries are signed with. */
  secret: string;
  /** true: events of connected accounts (those carrying `account`); false (default): the platform's own. */
  connect?: boolean;
  /** Event types to send; default `["*"]`. */
  enabledEvents?: string[];
}

export interface Delivery {
  eventId: string;
  type: string;
  url: string;
  /** The receiver's HTTP status, or 0 when it could not be reached. */
  status: number;
}

/** What triggered an event: an API request (its id and idempotency key) or a test helper (null). */
export type EventRequest = { id: string; idempotencyKey: string | null } | null;

/**
 * Records every state change as an Event and POSTs it, signed with the SDK's own
 * `generateTestHeaderString`, to each matching webhook endpoint. Deliveries are not retried.
 */
export class EventLog {
  readonly events: Stripe.Event[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly endpointSecrets = new Map<string, { secret: string; connect: boolean }>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: StripeStore,
    private readonly staticTargets: WebhookTarget[],
    readonly apiVersion: string,
  ) {}

  /** Keeps the secret and scope of an endpoint made through `POST /v1/webhook_endpoints`. */
  registerEndpoint(id: string, secret: string, connect: boolean): void {
    this.endpointSecrets.set(id, { secret, connect });
  }

  /** Records an event; `account` makes it a connected account's event (Connect endpoints get it). */
  record(type: string, object: StoredObject | object, options: { account?: string | null; previousAttributes?: Record<string, unknown>; request?: EventRequest } = {}): Stripe.Event {
    const { account = null, previousAttributes, request = null } = options;
    const targets = this.targets().filter((target) => Boolean(target.connect) === (account !== null) && matches(target.enabledEvents ?? ["*"], type));
    const event = {
      id: stripeId("evt"),
      object: "event",
      ...(account ? { account } : {}),
      api_version: this.apiVersion,
      created: nowSeconds(),
      data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      livemode: false,
      pending_webhooks: targets.length,
      request: request ? { id: request.id, idempotency_key: request.idempotencyKey } : { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    this.events.push(event);
    for (const target of targets) this.track(this.deliver(event, target));
    return event;
  }

  /** Resolves once every delivery started so far has been answered (or failed). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private targets(): WebhookTarget[] {
    const endpoints = this.store.all<Stripe.WebhookEndpoint>("webhook_endpoint", null, (endpoint) => endpoint.status === "enabled");
    const fromApi = endpoints.flatMap((endpoint) => {
      const kept = this.endpointSecrets.get(endpoint.id);
      return kept ? [{ url: endpoint.url, secret: kept.secret, connect: kept.connect, enabledEvents: endpoint.enabled_events }] : [];
    });
    return [...fromApi, ...this.staticTargets];
  }

  private async deliver(event: Stripe.Event, target: WebhookTarget): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: target.secret });
    let status = 0;
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.body?.cancel();
    } catch {
      status = 0;
    }
    this.deliveries.push({ eventId: event.id, type: event.type, url: target.url, status });
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }
}

function matches(enabled: string[], type: string): boolean {
  return enabled.includes("*") || enabled.includes(type);
}
