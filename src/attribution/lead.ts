import type { Tx } from "../infra/db/client";
import type { AcceptedEvent } from "../infra/queues/messages";
import { insertConversion, type Recorded } from "./conversion";
import { creditThroughCustomer, rowLookups } from "./credit";
import { eventTime, origin, type LeadData, type TrialStartedData } from "./inputs";
import { creditColumns } from "./touch";

/** A lead binds its customer to its click (or promotion code); the lead is credited as the customer then is. */
export async function recordLead(tx: Tx, key: CryptoKey, event: AcceptedEvent, data: LeadData): Promise<Recorded> {
  const at = eventTime(event);
  const claim = { what: "lead", externalId: data.customer_external_id, email: data.email, clickId: data.click_id, promoCode: data.promo_code };
  const { customer, credit } = await creditThroughCustomer(rowLookups(tx, key, event.brand), event, claim, at);
  const lead = await insertConversion(tx, {
    ...origin(event),
    type: "lead",
    customerId: customer.id,
    customerExternalId: customer.externalId,
    ...creditColumns(credit.touch),
    promoCode: data.promo_code ?? null,
    occurredAt: at,
    attribution: credit.attribution,
    trail: credit.trail,
  });
  return { outcome: "recorded", deliveries: lead?.deliveries ?? [] };
}

/** A free trial started: binds the customer like a lead does, recorded as its own conversion (no money). */
export async function recordTrialStarted(tx: Tx, key: CryptoKey, event: AcceptedEvent, data: TrialStartedData): Promise<Recorded> {
  const at = eventTime(event);
  const claim = { what: "trial", externalId: data.customer_external_id, email: data.email, clickId: data.click_id };
  const { customer, credit } = await creditThroughCustomer(rowLookups(tx, key, event.brand), event, claim, at);
  const trial = await insertConversion(tx, {
    ...origin(event),
    type: "trial_started",
    customerId: customer.id,
    customerExternalId: customer.externalId,
    ...creditColumns(credit.touch),
    subscriptionId: data.subscription_id,
    occurredAt: at,
    attribution: credit.attribution,
    trail: credit.trail,
  });
  return { outcome: "recorded", deliveries: trial?.deliveries ?? [] };
}
