import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

/**
 * Who a transaction acts for. Every tenant query runs under exactly one principal, and
 * RLS policies compare rows against it. It is always derived on the server (API key,
 * session), never taken from the client.
 */
export type Principal =
  | { kind: "brand"; brandId: string; userId?: string }
  | { kind: "affiliate"; affiliateId: string; userId?: string }
  | { kind: "user"; userId: string };

/**
 * Runs `fn` in one transaction whose first statement sets the principal with bound,
 * transaction-local `set_config` calls, so it cannot leak to the next user of the
 * connection. This is the only way business code reaches tenant tables.
 */
export function withPrincipal<T>(db: Db, principal: Principal, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const brandId = principal.kind === "brand" ? principal.brandId : "";
  const affiliateId = principal.kind === "affiliate" ? principal.affiliateId : "";
  const userId = principal.userId ?? "";
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.brand_id', ${brandId}, true), set_config('app.affiliate_id', ${affiliateId}, true), set_config('app.user_id', ${userId}, true)`,
    );
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
