import type Stripe from "stripe";
import type { Route } from "../context";
import { invalidValue, noSuch } from "../errors";
import { base62, nowSeconds, stripeId } from "../ids";
import { listEnvelope } from "../list";
import { allowOnly, mergeMetadata, optionalBoolean, optionalString, requiredString, stringArray } from "../params";

const find = (id: string, store: Parameters<Route["run"]>[1]["store"]) => {
  const endpoint = store.find<Stripe.WebhookEndpoint>(id, "webhook_endpoint", null);
  if (!endpoint) throw noSuch("webhook_endpoint", id);
  return endpoint;
};

function enabledEvents(params: Parameters<Route["run"]>[0]["params"], required: boolean): string[] | null {
  const events = stringArray(params, "enabled_events");
  if (events === null && required) throw invalidValue("enabled_events", "Missing required param: enabled_events.");
  if (events !== null && events.length === 0) throw invalidValue("enabled_events", "enabled_events must contain at least one event type.");
  return events;
}

/** `/v1/webhook_endpoints`: the secret (`whsec_…`) is returned once, at creation, as at Stripe. */
export const webhookEndpointRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/webhook_endpoints",
    run({ params }, { store, events }) {
      allowOnly(params, ["url", "enabled_events", "api_version", "connect", "description", "metadata"]);
      const url = requiredString(params, "url");
      if (!/^https?:\/\//.test(url)) throw invalidValue("url", "Invalid URL: URL must be publicly accessible. Consider using a tool like the Stripe CLI to test webhooks locally.");
      const endpoint: Stripe.WebhookEndpoint = {
        id: stripeId("we"),
        object: "webhook_endpoint",
        api_version: optionalString(params, "api_version"),
        application: null,
        created: nowSeconds(),
        description: optionalString(params, "description"),
        enabled_events: enabledEvents(params, true)!,
        livemode: false,
        metadata: mergeMetadata({}, params),
        status: "enabled",
        url,
      };
      store.put(null, endpoint);
      const secret = `whsec_${base62(32)}`;
      events.registerEndpoint(endpoint.id, secret, optionalBoolean(params, "connect") ?? false);
      return { ...endpoint, secret };
    },
  },
  { method: "GET", path: "/v1/webhook_endpoints/:id", run: ({ path }, { store }) => find(path.id!, store) },
  {
    method: "GET",
    path: "/v1/webhook_endpoints",
    run: ({ params }, { store }) => listEnvelope(store.all<Stripe.WebhookEndpoint>("webhook_endpoint", null), params, "/v1/webhook_endpoints"),
  },
  {
    method: "POST",
    path: "/v1/webhook_endpoints/:id",
    run({ params, path }, { store }) {
      allowOnly(params, ["url", "enabled_events", "description", "disabled", "metadata"]);
      const endpoint = find(path.id!, store);
      const disabled = optionalBoolean(params, "disabled");
      const updated: Stripe.WebhookEndpoint = {
        ...endpoint,
        url: optionalString(params, "url") ?? endpoint.url,
        enabled_events: enabledEvents(params, false) ?? endpoint.enabled_events,
        description: params.description === "" ? null : (optionalString(params, "description") ?? endpoint.description),
        status: disabled === null ? endpoint.status : disabled ? "disabled" : "enabled",
        metadata: mergeMetadata(endpoint.metadata, params),
      };
      return store.put(null, updated);
    },
  },
  {
    method: "DELETE",
    path: "/v1/webhook_endpoints/:id",
    run({ path }, { store }) {
      const endpoint = find(path.id!, store);
      store.remove(endpoint.id);
      return { id: endpoint.id, object: "webhook_endpoint", deleted: true } satisfies Stripe.DeletedWebhookEndpoint;
    },
  },
];
