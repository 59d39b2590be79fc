import type Stripe from "stripe";
import { isId } from "../../infra/ids";
import type { StripeEventHandler } from "../events/types";
import { platformStripe } from "../platform";
import { saveMethodFromSession } from "./save";
import { retrieveSetupSession } from "./stripe-session";

/**
 * `checkout.session.completed` of a setup session on the platform: saves the method as the
 * dashboard's confirm does, for a brand whose page never came back from Checkout. The brand is
 * the session's `metadata.rekomi_brand`, which Rekomi set and Stripe signed; the session is
 * re-read from Stripe for its expanded method. Sessions of no brand of ours are ignored.
 */
export const applyCheckoutSetupCompleted: StripeEventHandler = async (event, { config, db }) => {
  const object = event.object as Partial<Stripe.Checkout.Session>;
  if (event.type !== "checkout.session.completed" || event.account !== null || object.mode !== "setup" || typeof object.id !== "string") return;
  const brandId = object.metadata?.rekomi_brand;
  if (!brandId || !isId("brand", brandId)) return;
  const stripe = await platformStripe(config);
  const session = await retrieveSetupSession(stripe, object.id);
  const outcome = await saveMethodFromSession(db, stripe, brandId, session, { actor: { type: "system", id: null }, client: null });
  if (outcome.kind === "not_this_brand" || outcome.kind === "incomplete") {
    console.warn(JSON.stringify({ level: "warn", message: "setup session not saved", outcome: outcome.kind, event_id: event.id, session: object.id, brand_id: brandId }));
  }
};
