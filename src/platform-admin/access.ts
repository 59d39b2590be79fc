import type { Context } from "hono";
import { signedInSession } from "../auth/session-middleware";
import type { Tx } from "../infra/db/client";
import { withPrincipal } from "../infra/db/principal";

/** Runs `fn` as Rekomi staff (the route guard already checked the session's user is one). */
export function asPlatformAdmin<T>(c: Context, fn: (tx: Tx, adminId: string) => Promise<T>): Promise<T> {
  const { user } = signedInSession(c);
  return withPrincipal(c.var.db(), { kind: "platform_admin", userId: user.id }, (tx) => fn(tx, user.id));
}
