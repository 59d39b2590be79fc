import type Stripe from "stripe";
import { DomainError } from "../../infra/domain-error";
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
  const outcome = await neverApplies(async () => {
    const session = await retrieveSetupSession(stripe, object.id!);
    return (await saveMethodFromSession(db, stripe, brandId, session, { actor: { type: "system", id: null }, client: null })).kind;
  });
  if (outcome !== "saved" && outcome !== "unchanged" && outcome !== "superseded") {
    console.warn(JSON.stringify({ level: "warn", message: "setup session not saved", outcome, event_id: event.id, session: object.id, brand_id: brandId }));
  }
};

/**
 * A session Stripe does not know, or a method runs cannot charge, can never apply: the
 * refusal's code is the outcome (logged, dropped). Anything else throws, and is retried.
 */
async function neverApplies(step: () => Promise<string>): Promise<string> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DomainError && (error.code === "not_found" || error.code === "unprocessable")) return error.code;
    throw error;
  }
}
