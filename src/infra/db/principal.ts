import { sql } from "drizzle-orm";
import { NOT_OURS, transactionStartingWith, type Db, type Tx } from "./client";

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
 * tenant tables. `readOnly`: a READ ONLY transaction (Postgres refuses writes in it), which
 * on a request's connection does not wait for its COMMIT (see transactionStartingWith).
 */
export async function withPrincipal<T>(db: Db, principal: Principal, fn: (tx: Tx) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
  const inline = principalSql(principal);
  if (inline) {
    // On a request's own connection, BEGIN and the principal travel in one message.
    const result = await transactionStartingWith(db, inline, fn, opts);
    if (result !== NOT_OURS) return result;
  }
  return db.transaction(
    async (tx) => {
      await setPrincipal(tx, principal);
      return fn(tx);
    },
    opts.readOnly ? { accessMode: "read only" } : undefined,
  );
}

/** `withPrincipal` for reads only: a READ ONLY transaction. */
export function readAs<T>(db: Db, principal: Principal, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withPrincipal(db, principal, fn, { readOnly: true });
}

/** Ids and `on`: the only values a principal holds. Anything else is never written into SQL text. */
const PLAIN = /^[A-Za-z0-9_]*$/;

/**
 * `setPrincipal`'s statement with its values written as literals, for a message that
 * cannot carry parameters; undefined unless every value is plain (then the bound form runs).
 */
function principalSql(principal: Principal): string | undefined {
  const brandId = principal.kind === "brand" ? principal.brandId : "";
  const affiliateId = principal.kind === "affiliate" ? principal.affiliateId : "";
  const userId = principal.userId ?? "";
  const platformAdmin = principal.kind === "platform_admin" ? "on" : "";
  if (![brandId, affiliateId, userId].every((v) => PLAIN.test(v))) return undefined;
  return `select set_config('app.brand_id', '${brandId}', true), set_config('app.affiliate_id', '${affiliateId}', true), set_config('app.user_id', '${userId}', true), set_config('app.platform_admin', '${platformAdmin}', true)`;
}

/** Shorthand for a brand principal. */
export function withBrand<T>(db: Db, brandId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withPrincipal(db, { kind: "brand", brandId }, fn);
}

/** Shorthand for an affiliate principal. */
export function withAffiliate<T>(db: Db, affiliateId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withPrincipal(db, { kind: "affiliate", affiliateId }, fn);
}
