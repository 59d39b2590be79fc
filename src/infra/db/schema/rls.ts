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
 * app_platform_admin() is true only for Rekomi staff sessions (false when unset).
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

/** Rekomi staff (principal flag `app.platform_admin`, set only for users marked in the database). */
export function platformAdminReads() {
  return pgPolicy("platform_admin_reads", { for: "select", to: appRole, using: sql`app_platform_admin()` });
}

/** Platform admins may update rows (suspensions); what they may change is enforced by triggers. */
export function platformAdminUpdates() {
  return pgPolicy("platform_admin_updates", { for: "update", to: appRole, using: sql`app_platform_admin()`, withCheck: sql`app_platform_admin()` });
}

/** The lookup role reads every row of the tables its SECURITY DEFINER functions touch. */
export function lookupReads() {
  return pgPolicy("lookup_reads", { for: "select", to: lookupRole, using: sql`true` });
}
