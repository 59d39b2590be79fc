import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { signedInSession } from "../../auth/session-middleware";
import { creatorProfileGuard } from "../../creators/access";
import { ApiError } from "../http/errors";
import { brandPermission, requireVerifiedEmail } from "../../teams/guard";
import type { Permission } from "../../teams/permissions";

/**
 * Who may call a dashboard route. Every route states it, and it becomes both the route's
 * guards and the `x-rekomi-access` field of its OpenAPI operation, which the access-matrix
 * test enumerates: a route cannot exist without a declared, tested requirement.
 * `creator`: verified, with a creator profile of one's own (src/creators/access.ts).
 */
export type Access = "public" | "signed_in" | "verified" | "platform_admin" | "creator" | { brand: Permission };

export function accessLabel(access: Access): string {
  return typeof access === "string" ? access : `brand:${access.brand}`;
}

const signedIn: MiddlewareHandler = async function signedInGuard(c, next) {
  signedInSession(c);
  await next();
};

const verified: MiddlewareHandler = async function verifiedGuard(c, next) {
  requireVerifiedEmail(c);
  await next();
};

const platformAdmin: MiddlewareHandler = async function platformAdminGuard(c, next) {
  requireVerifiedEmail(c);
  if (!signedInSession(c).user.isPlatformAdmin) throw new ApiError("forbidden", "Only Rekomi platform admins can do this.");
  await next();
};

function guards(access: Access): MiddlewareHandler[] {
  if (access === "public") return [];
  if (access === "signed_in") return [signedIn];
  if (access === "verified") return [verified];
  if (access === "platform_admin") return [platformAdmin];
  if (access === "creator") return [creatorProfileGuard as unknown as MiddlewareHandler];
  return [brandPermission(access.brand) as unknown as MiddlewareHandler];
}

/** `createRoute` plus the route's access requirement (guards run before validation). */
export function dashboardRoute<P extends string, R extends Omit<RouteConfig, "path" | "middleware"> & { path: P }>(access: Access, config: R) {
  return createRoute({ ...config, middleware: guards(access), "x-rekomi-access": accessLabel(access) } as R & { middleware: MiddlewareHandler[] });
}
