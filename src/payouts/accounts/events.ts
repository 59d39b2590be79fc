import { eq, sql } from "drizzle-orm";
import type { Db } from "../../infra/db/client";
import { withPrincipal } from "../../infra/db/principal";
import { payoutAccounts } from "../../infra/db/schema";
import type { StripeEventHandler } from "../events/types";
import { platformStripe } from "../platform";
import { applyAccount } from "./apply";

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
 * `account.updated` only says "look again": Stripe sends events in no guaranteed order, so a
 * late older event must not restore stale columns (say `transfers_active`). The account is
 * retrieved from Stripe and its current state applied, as the refresh route does. An account
 * no creator owns is logged and dropped, unless Rekomi made it (`metadata.rekomi_affiliate`):
 * then its row may not be committed yet, so the event throws and the queue retries it.
 */
export const applyAccountUpdated: StripeEventHandler = async (event, { config, db }) => {
  const accountId = event.account ?? String(event.object.id);
  const owner = await accountOwner(db, accountId);
  if (!owner) {
    const metadata = (event.object.metadata ?? {}) as Record<string, unknown>;
    if (typeof metadata.rekomi_affiliate === "string") throw new Error(`account.updated for ${accountId} of creator ${metadata.rekomi_affiliate}, whose payout account row is not visible yet`);
    return ignored(event, accountId, "unknown connected account");
  }
  const account = await (await platformStripe(config)).accounts.retrieve(accountId);
  await withPrincipal(db, { kind: "affiliate", affiliateId: owner }, (tx) => applyAccount(tx, account));
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
