import type { Context, MiddlewareHandler } from "hono";
import { findMembership } from "../accounts/queries";
import { signedInSession } from "../auth/session-middleware";
import type { PathMembership } from "../auth/sessions";
import type { Tx } from "../infra/db/client";
import { readAs, withPrincipal } from "../infra/db/principal";
import { idempotentBrandWrite, type BrandTransaction } from "../infra/http/idempotency";
import type { BrandRole } from "../infra/db/schema";
import type { DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { isId } from "../infra/ids";
import { PERMISSIONS, roleAllows, type Permission } from "./permissions";

export interface BrandAccess {
  brandId: string;
  brandName: string;
  memberId: string;
  role: BrandRole;
  userId: string;
}

export type BrandAccessVariables = { brandAccess: BrandAccess };

/** Refuses signed-in users whose email is not verified (every admin action needs it). */
export function requireVerifiedEmail(c: Context): void {
  const session = signedInSession(c);
  if (!session.user.emailVerified) {
    throw new ApiError("email_not_verified", "Verify your email address first: follow the link we sent you, or ask for a new one in account settings.");
  }
}

/**
 * The one guard of brand routes (`/api/brands/{brandId}/…`): a signed-in user with a
 * verified email, a member of the brand, whose role has `permission`. A brand you are not
 * a member of answers 404, so ids reveal nothing. A suspended brand is read-only.
 */
export function brandPermission(permission: Permission): MiddlewareHandler<{ Variables: DbVariables & BrandAccessVariables }> {
  return async function brandPermissionMiddleware(c, next) {
    requireVerifiedEmail(c);
    const { user } = signedInSession(c);
    const brandId = c.req.param("brandId") ?? "";
    if (!isId("brand", brandId)) throw new ApiError("not_found", `No brand ${brandId}.`, { param: "brandId" });
    // Read with the session when the path named this brand (src/auth/session-middleware.ts).
    const prefetched = c.get("pathMembership" as never) as PathMembership | null | undefined;
    const row = prefetched?.brandId === brandId ? prefetched.row : await readAs(c.var.db(), { kind: "user", userId: user.id }, (tx) => findMembership(tx, user.id, brandId));
    if (!row) throw new ApiError("not_found", `No brand ${brandId}.`, { param: "brandId" });
    if (!roleAllows(row.role, permission)) {
      const needed = PERMISSIONS[permission].minRole;
      throw new ApiError("forbidden", `Your role (${row.role}) cannot ${PERMISSIONS[permission].description}: that needs ${needed}${needed === "owner" ? "" : " or above"}.`);
    }
    if (row.brandStatus !== "active" && c.req.method !== "GET") {
      throw new ApiError("forbidden", "This brand is suspended: it is read-only until Rekomi support lifts the suspension.");
    }
    c.set("brandAccess", { brandId, brandName: row.brandName, memberId: row.memberId, role: row.role, userId: user.id });
    await next();
  };
}

export function brandAccessOf(c: Context): BrandAccess {
  return c.get("brandAccess") as BrandAccess;
}

/** The guarded brand's transaction, on behalf of the signed-in member (the dashboard door). */
export function accessedBrandTransaction(c: Context): BrandTransaction {
  const { brandId, userId } = brandAccessOf(c);
  return { brandId, transact: (fn, opts) => withPrincipal(c.var.db(), { kind: "brand", brandId, userId }, fn, opts) };
}

/** Runs `fn` as the guarded brand, on behalf of the signed-in member. */
export function withAccessedBrand<T>(c: Context, fn: (tx: Tx, access: BrandAccess) => Promise<T>): Promise<T> {
  const access = brandAccessOf(c);
  return accessedBrandTransaction(c).transact((tx) => fn(tx, access));
}

/** `withAccessedBrand` in a READ ONLY transaction (src/infra/db/principal.ts `readAs`). */
export function readAccessedBrand<T>(c: Context, fn: (tx: Tx, access: BrandAccess) => Promise<T>): Promise<T> {
  const access = brandAccessOf(c);
  return accessedBrandTransaction(c).transact((tx) => fn(tx, access), { readOnly: true });
}

/**
 * `withAccessedBrand` for a dashboard-only POST that creates something (an API key, an
 * invitation, a join link): it honours `Idempotency-Key` as the brand operations do, so a
 * retry after a lost answer replays it instead of acting twice. `request` is the validated
 * body, the request's fingerprint beside its path.
 */
export function idempotentAccessedBrandWrite<T>(c: Context, request: unknown, fn: (tx: Tx, access: BrandAccess) => Promise<T>): Promise<T> {
  const access = brandAccessOf(c);
  return idempotentBrandWrite(c, accessedBrandTransaction(c), request, (tx) => fn(tx, access));
}
