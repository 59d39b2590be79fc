import type Stripe from "stripe";
import type { Route, StandInContext } from "../context";
import { invalidRequest, invalidValue, noSuch } from "../errors";
import { nowSeconds, stripeId } from "../ids";
import { emptyList, listEnvelope } from "../list";
import { allowOnly, currency, mergeMetadata, optionalInteger, optionalString, positiveAmount, requiredString } from "../params";
import { findAccount } from "./accounts";
import { findCharge, newBalanceTransaction } from "./charges";

const INSUFFICIENT_FUNDS = "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).";

function findTransfer(id: string, store: StandInContext["store"], param = "id"): Stripe.Transfer {
  const found = store.find<Stripe.Transfer>(id, "transfer", null);
  if (!found) throw noSuch("transfer", id, param);
  return found;
}

/**
 * What a charge still has to give: its amount less refunds and every transfer already made from
 * it. Reversals do not give it back (they return to the platform balance, not to the charge).
 */
export function transferableFrom(store: StandInContext["store"], charge: Stripe.Charge): number {
  const transferred = store.all<Stripe.Transfer>("transfer", null, (transfer) => transfer.source_transaction === charge.id).reduce((sum, transfer) => sum + transfer.amount, 0);
  return charge.amount - charge.amount_refunded - transferred;
}

/** `/v1/transfers` (platform → connected account, optionally from a charge), its list (by `transfer_group`, `destination`) and reversals. */
export const transferRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/transfers",
    run({ params, request }, ctx) {
      allowOnly(params, ["amount", "currency", "destination", "source_transaction", "transfer_group", "description", "metadata", "source_type"]);
      const amount = positiveAmount(params);
      const cur = currency(params);
      const destination = findAccount(requiredString(params, "destination"), ctx.store, "destination");
      if (destination.capabilities?.transfers !== "active") {
        throw invalidRequest("Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments", { code: "insufficient_capabilities_for_transfer", param: "destination" });
      }
      const sourceId = optionalString(params, "source_transaction");
      if (sourceId) {
        const charge = findCharge(sourceId, ctx.store, null, "source_transaction");
        if (charge.status !== "succeeded") throw invalidRequest(`The source_transaction ${charge.id} has not succeeded, so nothing can be transferred from it.`, { param: "source_transaction" });
        if (charge.currency !== cur) throw invalidRequest(`The currency of source_transaction ${charge.id} (${charge.currency}) must be the same as the transfer currency (${cur}).`, { param: "currency" });
        const left = transferableFrom(ctx.store, charge);
        if (amount > left) throw invalidRequest(INSUFFICIENT_FUNDS, { code: "balance_insufficient", param: "amount" });
      } else if (ctx.store.available(null, cur) < amount) {
        throw invalidRequest(INSUFFICIENT_FUNDS, { code: "balance_insufficient", param: "amount" });
      }
      const injected = ctx.failures.take("transfer", (failure) => !failure.destination || failure.destination === destination.id);
      if (injected) throw invalidRequest(injected.message ?? INSUFFICIENT_FUNDS, { code: injected.code ?? "balance_insufficient" });
      const id = stripeId("tr");
      const transfer = {
        id,
        object: "transfer",
        amount,
        amount_reversed: 0,
        balance_transaction: newBalanceTransaction(ctx, null, { amount: -amount, fee: 0, currency: cur, source: id, type: "transfer" }).id,
        created: nowSeconds(),
        currency: cur,
        description: optionalString(params, "description"),
        destination: destination.id,
        destination_payment: stripeId("py"),
        livemode: false,
        metadata: mergeMetadata({}, params),
        reversals: emptyList(`/v1/transfers/${id}/reversals`),
        reversed: false,
        source_transaction: sourceId,
        source_type: "card",
        transfer_group: optionalString(params, "transfer_group"),
      } satisfies Stripe.Transfer;
      ctx.store.put(null, transfer);
      ctx.store.adjustAvailable(destination.id, cur, amount);
      ctx.events.record("transfer.created", transfer, { request });
      return transfer;
    },
  },
  { method: "GET", path: "/v1/transfers/:id", run: ({ path }, { store }) => findTransfer(path.id!, store) },
  {
    method: "GET",
    path: "/v1/transfers",
    run({ params }, { store }) {
      allowOnly(params, ["transfer_group", "destination", "limit", "starting_after", "ending_before"]);
      const group = optionalString(params, "transfer_group");
      const destination = optionalString(params, "destination");
      const all = store.all<Stripe.Transfer>("transfer", null, (t) => (group === null || t.transfer_group === group) && (destination === null || t.destination === destination));
      return listEnvelope(all, params, "/v1/transfers");
    },
  },
  {
    method: "POST",
    path: "/v1/transfers/:id/reversals",
    run({ params, path, request }, ctx) {
      allowOnly(params, ["amount", "description", "metadata", "refund_application_fee"]);
      const transfer = findTransfer(path.id!, ctx.store);
      const left = transfer.amount - transfer.amount_reversed;
      if (left === 0) throw invalidRequest(`Transfer ${transfer.id} has already been fully reversed.`, { param: "id" });
      const amount = optionalInteger(params, "amount") ?? left;
      if (amount < 1) throw invalidValue("amount", "This value must be greater than or equal to 1.");
      if (amount > left) throw invalidRequest(`Transfer reversal amount (${amount}) is greater than the amount left on transfer ${transfer.id} (${left}).`, { param: "amount" });
      const injected = ctx.failures.take("reversal", (failure) => !failure.transfer || failure.transfer === transfer.id);
      if (injected) throw invalidRequest(injected.message ?? "The connected account's balance is too low to reverse this transfer.", { code: injected.code ?? "balance_insufficient" });
      const reversalId = stripeId("trr");
      const reversal = {
        id: reversalId,
        object: "transfer_reversal",
        amount,
        balance_transaction: newBalanceTransaction(ctx, null, { amount, fee: 0, currency: transfer.currency, source: reversalId, type: "transfer_cancel" }).id,
        created: nowSeconds(),
        currency: transfer.currency,
        destination_payment_refund: stripeId("pyr"),
        metadata: mergeMetadata({}, params),
        source_refund: null,
        transfer: transfer.id,
      } satisfies Stripe.TransferReversal;
      ctx.store.put(null, reversal);
      ctx.store.adjustAvailable(transfer.destination as string, transfer.currency, -amount);
      const data = [reversal, ...transfer.reversals.data];
      const reversals = { ...transfer.reversals, data, total_count: data.length };
      const updated: Stripe.Transfer = { ...transfer, amount_reversed: transfer.amount_reversed + amount, reversed: amount === left, reversals };
      ctx.store.put(null, updated);
      ctx.events.record("transfer.reversed", updated, { request, previousAttributes: { amount_reversed: transfer.amount_reversed, ...(updated.reversed ? { reversed: false } : {}) } });
      return reversal;
    },
  },
];
