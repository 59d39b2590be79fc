import type { AppConfig } from "../../infra/app/config";
import type { Db } from "../../infra/db/client";
import type { PlatformStripeEvent } from "../../infra/queues/messages";

/**
 * One kind of Stripe event's effect on payouts. Handlers find their tenant themselves (the
 * run from `transfer_group`, the creator from `account`, through the SECURITY DEFINER
 * lookups of migration 0030), and must be idempotent: Stripe delivers at least once and in
 * any order, so a handler moves state only forward and re-reads Stripe when order matters.
 * Throwing retries the message (a transient failure); an event that can never apply is logged
 * and dropped by returning.
 */
export type StripeEventHandler = (event: PlatformStripeEvent, deps: { config: AppConfig; db: Db }) => Promise<void>;
