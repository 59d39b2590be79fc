import type { Route } from "../context";
import { allowOnly } from "../params";

/** `GET /v1/balance`: the platform's, or a connected account's with `Stripe-Account`. */
export const balanceRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/balance",
    run({ params, owner }, { store, defaultCurrency }) {
      allowOnly(params, []);
      return store.balance(owner, defaultCurrency);
    },
  },
];
