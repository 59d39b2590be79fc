import type Stripe from "stripe";
import type { Route, StandInContext } from "../context";
import { noSuch } from "../errors";
import { base62, nowSeconds, stripeId } from "../ids";
import { allowOnly, mergeMetadata, optionalString } from "../params";
import type { Owner } from "../store";

export function findCustomer(id: string, store: StandInContext["store"], owner: Owner, param = "id"): Stripe.Customer {
  const customer = store.find<Stripe.Customer>(id, "customer", owner);
  if (!customer) throw noSuch("customer", id, param);
  return customer;
}

/** `/v1/customers`: create and retrieve. */
export const customerRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/customers",
    run({ params, owner, request }, { store, events }) {
      allowOnly(params, ["email", "name", "description", "metadata", "phone"]);
      const customer = {
        id: stripeId("cus"),
        object: "customer",
        address: null,
        balance: 0,
        created: nowSeconds(),
        currency: null,
        default_source: null,
        delinquent: false,
        description: optionalString(params, "description"),
        email: optionalString(params, "email"),
        invoice_prefix: base62(8).toUpperCase(),
        invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
        livemode: false,
        metadata: mergeMetadata({}, params),
        name: optionalString(params, "name"),
        next_invoice_sequence: 1,
        phone: optionalString(params, "phone"),
        preferred_locales: [],
        shipping: null,
        tax_exempt: "none",
        test_clock: null,
      } satisfies Partial<Stripe.Customer> as Stripe.Customer;
      store.put(owner, customer);
      events.record("customer.created", customer, { account: owner, request });
      return customer;
    },
  },
  { method: "GET", path: "/v1/customers/:id", run: ({ path, owner }, { store }) => findCustomer(path.id!, store, owner) },
];
