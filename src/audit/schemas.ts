import { z } from "@hono/zod-openapi";
import { AUDIT_ACTOR_TYPES, type auditEvents } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";
import { AUDIT_ACTIONS } from "./log";

export const AuditEvent = z
  .object({
    object: z.literal("audit_event"),
    id: z.string(),
    action: z.string(),
    /** What happened, in words (for people reading the log). */
    label: z.string(),
    brand_id: z.string().nullable(),
    actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string().nullable(), email: z.string().nullable() }),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    subject_user_id: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    created_at: Timestamp,
  })
  .openapi("AuditEvent");
export type AuditEvent = z.infer<typeof AuditEvent>;

export function serializeAuditEvent(e: typeof auditEvents.$inferSelect, actorEmail: string | null): AuditEvent {
  return {
    object: "audit_event",
    id: e.id,
    action: e.action,
    label: (AUDIT_ACTIONS as Record<string, string>)[e.action] ?? e.action,
    brand_id: e.brandId,
    actor: { type: e.actorType, id: e.actorId, email: actorEmail },
    target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId } : null,
    subject_user_id: e.subjectUserId,
    ip: e.ip,
    user_agent: e.userAgent,
    metadata: e.metadata,
    created_at: e.createdAt.toISOString(),
  };
}
