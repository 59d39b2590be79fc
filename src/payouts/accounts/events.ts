import { eq, sql } from "drizzle-orm";
import type { Db } from "../../infra/db/client";
import { withPrincipal } from "../../infra/db/principal";
import { payoutAccounts } from "../../infra/db/schema";
import type { StripeEventHandler } from "../events/types";
import { applyAccount, type StripeAccountObject } from "./apply";

/**
 * Connect events about creators' Express accounts. A connected account's event names the
 * account (`event.account`); the SECURITY DEFINER lookup `payout_account_owner` (0030) says
 * which creator owns it, and the row is then written as that creator, under RLS.
 */

/** The privileged read: `acct_…` → the creator who owns it, or null. */
async function accountOwner(db: Db, stripeAccountId: string): Promise<string | null> {
  const result = (await db.execute(sql`select payout_account_owner(${stripeAccountId}) as owner`)) as unknown as { rows: { owner: string | null }[] };
  return result.rows[0]?.owner ?? null;
}

function ignored(event: { id: string; type: string }, accountId: string | null, why: string): void {
  console.log(JSON.stringify({ level: "info", message: `stripe event ignored: ${why}`, event_id: event.id, type: event.type, account: accountId }));
}

/**
 * `account.updated`: the event carries the whole account, so its status columns are applied
 * as they are (last writer wins; a redelivery writes the same values again). An account no
 * creator owns (made outside Rekomi, or its row not yet committed) is logged and dropped.
 */
export const applyAccountUpdated: StripeEventHandler = async (event, { db }) => {
  const account = event.object as unknown as StripeAccountObject;
  const accountId = event.account ?? account.id;
  const owner = await accountOwner(db, accountId);
  if (!owner) return ignored(event, accountId, "unknown connected account");
  await withPrincipal(db, { kind: "affiliate", affiliateId: owner }, (tx) => applyAccount(tx, { ...account, id: accountId }));
};

interface BankPayoutObject {
  id: string;
  status: string;
  amount: number;
  currency: string;
  arrival_date: number | null;
}

/**
 * `payout.created|updated|paid|failed` on a connected account: Stripe paying the creator's
 * balance out to their bank. The latest one is shown on the creator's Payouts page; an event
 * about an older payout than the one shown does not replace it.
 */
export const applyBankPayout: StripeEventHandler = async (event, { db }) => {
  if (!event.account) return ignored(event, null, "payout event of the platform, not of a connected account");
  const owner = await accountOwner(db, event.account);
  if (!owner) return ignored(event, event.account, "unknown connected account");
  const payout = event.object as unknown as BankPayoutObject;
  const shown = { id: payout.id, status: payout.status, amount: payout.amount, currency: payout.currency.toUpperCase(), arrival_date: payout.arrival_date ?? null };
  await withPrincipal(db, { kind: "affiliate", affiliateId: owner }, async (tx) => {
    const [row] = await tx.select({ last: payoutAccounts.lastBankPayout }).from(payoutAccounts).where(eq(payoutAccounts.affiliateId, owner)).for("update");
    // Stripe's payout ids do not sort by time: a different payout replaces the shown one only if it arrives later by `arrival_date`.
    const last = row?.last;
    if (last && last.id !== shown.id && (last.arrival_date ?? 0) > (shown.arrival_date ?? 0)) return;
    await tx.update(payoutAccounts).set({ lastBankPayout: shown, updatedAt: new Date() }).where(eq(payoutAccounts.affiliateId, owner));
  });
};
