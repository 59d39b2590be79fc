import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { auditEvents, users } from "../infra/db/schema";

export interface AuditPage {
  limit: number;
  before?: string | undefined;
}

/**
 * The brand's own events, newest first (`limit + 1` rows). RLS allows only the brand's
 * rows; the filter says the same, so the reader's own account events (visible to them
 * under user_reads_own) stay out of the brand's log.
 */
export function listBrandAuditEvents(tx: Tx, brandId: string, page: AuditPage) {
  return pageOfEvents(tx, eq(auditEvents.brandId, brandId), page);
}

/** A user's own account events (no brand), newest first (`limit + 1` rows; user principal). */
export function listAccountAuditEvents(tx: Tx, userId: string, page: AuditPage) {
  return pageOfEvents(tx, and(isNull(auditEvents.brandId), eq(auditEvents.subjectUserId, userId))!, page);
}

/** Events matching `scope`; the actor's email shows when RLS lets the reader see that user. */
async function pageOfEvents(tx: Tx, scope: SQL, page: AuditPage) {
  const rows = await tx
    .select({ event: auditEvents, actorEmail: users.email })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(scope, page.before ? lt(auditEvents.id, page.before) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(page.limit + 1);
  return rows.map((r) => ({ id: r.event.id, ...r }));
}
