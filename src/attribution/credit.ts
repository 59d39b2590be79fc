import type { Tx } from "../infra/db/client";
import type { Attribution } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { adoptUncreditedSales, bind, lockCustomer, takesBinding, type Customer } from "./customers";
import { attributionOf, insideWindow, touchFor, touchForPromoCode, type Touch, type TouchResult } from "./touch";
import * as trails from "./trail";

/** Whom a conversion credits (nobody when `touch` is null), and why in both halves. */
export interface Credit {
  touch: Touch | null;
  attribution: Attribution;
  trail: string;
}

/** What crediting through a customer reads from the event. */
export interface CustomerClaim {
  what: string;
  externalId: string;
  email?: string;
  clickId?: string;
  promoCode?: string;
}

/**
 * What crediting reads and writes: one event at a time with a statement each (rowLookups),
 * or from what a batch of sales read up front, the binds written together afterwards
 * (sales-set.ts). One set of rules below serves both.
 */
export interface Lookups {
  /** The brand's customer, created on first sight and locked for the transaction. */
  customer(externalId: string, email: string | undefined): Promise<Customer>;
  touch(clickId: string): Promise<TouchResult>;
  promo(code: string, at: Date): Promise<Touch | undefined>;
  /** Binds the customer to `touch` and credits its uncredited sales (adoptUncreditedSales). */
  bind(customer: Customer, touch: Touch, eventId: string, at: Date): Promise<Customer>;
}

/** Lookups with one statement each, in the caller's transaction (under the event's brand). */
export function rowLookups(tx: Tx, key: CryptoKey, brandId: string): Lookups {
  return {
    customer: (externalId, email) => lockCustomer(tx, brandId, externalId, email),
    touch: (clickId) => touchFor(tx, key, clickId),
    promo: (code, at) => touchForPromoCode(tx, brandId, code, at),
    bind: async (customer, touch, eventId, at) => {
      const bound = await bind(tx, customer, touch, eventId, at);
      await adoptUncreditedSales(tx, bound);
      return bound;
    },
  };
}

/**
 * Applies the event's click (if any) to a customer and says whom the conversion credits:
 * the click binds the customer when it is inside its window and wins over the current
 * binding (see takesBinding); the conversion is credited through the binding in force.
 * With neither, a promotion code that an active link of the brand carries credits that
 * link's creator and binds the customer, so renewals follow. Either bind adopts the
 * customer's sales recorded uncredited before it (see adoptUncreditedSales).
 */
export async function creditThroughCustomer(look: Lookups, event: AcceptedEvent, claim: CustomerClaim, at: Date): Promise<{ customer: Customer; credit: Credit }> {
  const { what, externalId, clickId } = claim;
  let customer = await look.customer(externalId, claim.email);
  let rejected: string | undefined;
  let ignored: Touch | undefined;
  if (clickId) {
    const found = await look.touch(clickId);
    if (!found.ok) rejected = trails.unusableClick(clickId, found.reason);
    else if (!insideWindow(found.touch.clickedAt, found.touch.windowDays, at)) rejected = trails.outsideWindow(found.touch, what, at);
    else if (takesBinding(customer.binding, found.touch, at)) {
      customer = await look.bind(customer, found.touch, event.id, at);
      return { customer, credit: { touch: found.touch, attribution: attributionOf("click", found.touch), trail: trails.creditedByClick(found.touch, what, at) } };
    } else ignored = found.touch;
  }
  const binding = customer.binding;
  if (!binding) {
    const promo = claim.promoCode ? await look.promo(claim.promoCode, at) : undefined;
    if (promo) {
      customer = await look.bind(customer, promo, event.id, at);
      return { customer, credit: promoCredit(promo, what, rejected) };
    }
    return { customer, credit: { touch: null, attribution: { via: null, reason: clickId ? "click_not_usable" : "no_click" }, trail: rejected ?? trails.noClick(what, externalId) } };
  }
  const trail = ignored
    ? trails.keptEarlierBinding(externalId, binding.touch, binding.boundAt, ignored)
    : trails.creditedByCustomer(externalId, binding.touch, binding.boundAt) + (rejected ? `; this ${what}'s own click did not count (${rejected.replace(/^not credited: /, "")})` : "");
  return { customer, credit: { touch: binding.touch, attribution: attributionOf("customer", binding.touch), trail } };
}

/** A payment without a customer id is credited by its own click alone, else by its promotion code. */
export async function creditThroughClick(look: Lookups, clickId: string | undefined, promoCode: string | undefined, at: Date): Promise<Credit> {
  let credit: Credit = { touch: null, attribution: { via: null, reason: "no_click" }, trail: trails.noClick("sale", undefined) };
  if (clickId) {
    const found = await look.touch(clickId);
    if (!found.ok) credit = { touch: null, attribution: { via: null, reason: found.reason }, trail: trails.unusableClick(clickId, found.reason) };
    else if (!insideWindow(found.touch.clickedAt, found.touch.windowDays, at)) {
      credit = { touch: null, attribution: { via: null, reason: "outside_window", clickId, clickedAt: found.touch.clickedAt.toISOString() }, trail: trails.outsideWindow(found.touch, "sale", at) };
    } else return { touch: found.touch, attribution: attributionOf("click", found.touch), trail: trails.creditedByClick(found.touch, "sale", at) };
  }
  const promo = promoCode ? await look.promo(promoCode, at) : undefined;
  return promo ? promoCredit(promo, "sale", clickId ? credit.trail : undefined) : credit;
}

function promoCredit(promo: Touch, what: string, rejectedClick: string | undefined): Credit {
  const note = rejectedClick ? `; its click did not count (${rejectedClick.replace(/^not credited: /, "")})` : "";
  return { touch: promo, attribution: attributionOf("promo_code", promo), trail: trails.creditedByPromoCode(promo, what) + note };
}
