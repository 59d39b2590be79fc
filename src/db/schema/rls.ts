import { sql, type SQL } from "drizzle-orm";
import { pgPolicy, pgRole, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Roles. Created by migration 0000, so drizzle-kit treats them as existing.
 * - rekomi_app: what the workers log in as. Owns nothing, not superuser, no BYPASSRLS.
 * - rekomi_lookup: NOLOGIN owner of the few SECURITY DEFINER functions the hot path needs
 *   (link code → destination, API key → brand). It reads through its own narrow policies.
 */
export const appRole = pgRole("rekomi_app").existing();
export const lookupRole = pgRole("rekomi_lookup").existing();

/**
 * Policies compare rows with app_brand_id() / app_affiliate_id() / app_user_id(): the
 * principal that withPrincipal() sets per transaction (NULL when unset, so they fail closed).
 */

/** Brand principal: full access to rows of its own brand, and may only write rows of it. */
export function brandRows(brandId: AnyPgColumn) {
  const own = sql`${brandId} = app_brand_id()`;
  return pgPolicy("brand_rows", { for: "all", to: appRole, using: own, withCheck: own });
}

/** A read-only policy for the app role. */
export function readable(name: string, using: SQL) {
  return pgPolicy(name, { for: "select", to: appRole, using });
}

/** The lookup role reads every row of the tables its SECURITY DEFINER functions touch. */
export function lookupReads() {
  return pgPolicy("lookup_reads", { for: "select", to: lookupRole, using: sql`true` });
}
