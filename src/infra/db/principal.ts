import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

/**
 * Who a transaction acts for. Every tenant query runs under exactly one principal, and
 * RLS policies compare rows against it. It is always derived on the server (API key,
 * session), never taken from the client. `platform_admin` is Rekomi staff, granted only
 * to sessions whose user row says so.
 */
export type Principal =
  | { kind: "brand"; brandId: string; userId?: string }
  | { kind: "affiliate"; affiliateId: string; userId?: string }
  | { kind: "user"; userId: string }
  | { kind: "platform_admin"; userId: string };

/**
 * Sets the principal of the current transaction with bound, transaction-local
 * `set_config` calls. Exposed for the few flows that must first ask a lookup function who
 * the principal is, inside the same transaction (spending an emailed token).
 */
export async function setPrincipal(tx: Tx, principal: Principal): Promise<void> {
  const brandId = principal.kind === "brand" ? principal.brandId : "";
  const affiliateId = principal.kind === "affiliate" ? principal.affiliateId : "";
  const userId = principal.userId ?? "";
  const platformAdmin = principal.kind === "platform_admin" ? "on" : "";
  await tx.execute(
    sql`select set_config('app.brand_id', ${brandId}, true), set_config('app.affiliate_id', ${affiliateId}, true), set_config('app.user_id', ${userId}, true), set_config('app.platform_admin', ${platformAdmin}, true)`,
  );
}

/**
 * Runs `fn` in one transaction whose first statement sets the principal, so it cannot
 * leak to the next user of the connection. This is the only way business code reaches
 * tenant tables.
 */
export function withPrincipal<T>(db: Db, principal: Principal, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await setPrincipal(tx, principal);
    return fn(tx);
  });
}

/** Shorthand for a brand principal. */
export function withBrand<T>(db: Db, brandId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withPrincipal(db, { kind: "brand", brandId }, fn);
}

/** Shorthand for an affiliate principal. */
export function withAffiliate<T>(db: Db, affiliateId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withPrincipal(db, { kind: "affiliate", affiliateId }, fn);
}
