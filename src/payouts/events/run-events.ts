import { payoutRunBrand } from "../../infra/db/lookups";
import { advanceRun } from "../execute/advance";
import type { StripeEventHandler } from "./types";

/**
 * `payment_intent.*` and `charge.*` of a run's charge: the event only says "look again".
 * The run is found by `transfer_group` (= run id) and advanced, and advanceRun moves it on
 * Stripe's current answer (it retrieves the PaymentIntent), never on the event's copy, so
 * out-of-order or repeated events change nothing.
 */
export const onRunChargeEvent: StripeEventHandler = async (event, { config, db }) => {
  const group = typeof event.object.transfer_group === "string" ? event.object.transfer_group : null;
  const brandId = group ? await payoutRunBrand(db, group) : null;
  if (!group || !brandId) {
    // Another environment sharing the Stripe account, or a charge that is not a payout run's.
    console.log(JSON.stringify({ level: "info", message: "Stripe event for no payout run of this deployment; ignored", event_id: event.id, type: event.type, transfer_group: group }));
    return;
  }
  await advanceRun(config, db, brandId, group);
};
