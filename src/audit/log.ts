import type { Tx } from "../infra/db/client";
import { auditEvents, type AuditActorType } from "../infra/db/schema";
import type { ClientInfo } from "../auth/client-info";
import { newId } from "../infra/ids";

/** Every action the audit log records; the dashboard labels them from this list. */
export const AUDIT_ACTIONS = {
  "user.signed_up": "Signed up",
  "user.signed_in": "Signed in",
  "user.sign_in_failed_burst": "Repeated failed sign-ins",
  "user.signed_out": "Signed out",
  "user.email_verified": "Verified email",
  "user.email_changed": "Changed email",
  "user.password_changed": "Changed password",
  "user.password_reset": "Reset password",
  "tax_form.file_purged": "Deleted the file of a superseded tax form (retention)",
  "user.password_set_on_verification": "Set password when verifying email (earlier sessions ended)",
  "user.suspended": "Account suspended",
  "user.unsuspended": "Account reinstated",
  "brand.created": "Created the brand",
  "brand.updated": "Changed brand settings",
  "brand.suspended": "Brand suspended",
  "brand.unsuspended": "Brand reinstated",
  "invitation.created": "Invited a teammate",
  "invitation.revoked": "Revoked an invitation",
  "member.joined": "Joined the team",
  "member.role_changed": "Changed a role",
  "member.removed": "Removed a member",
  "member.left": "Left the team",
  "brand.ownership_transferred": "Transferred ownership",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "s2s_key.created": "Created an S2S signing key",
  "s2s_key.rotated": "Rotated an S2S key's secret",
  "s2s_key.revoked": "Revoked an S2S key",
  "webhook_endpoint.created": "Added a webhook endpoint",
  "webhook_endpoint.updated": "Changed a webhook endpoint",
  "webhook_endpoint.secret_rotated": "Rotated a webhook endpoint's secret",
  "webhook_endpoint.deleted": "Deleted a webhook endpoint",
  "gateway_connection.connected": "Connected a payment gateway",
  "gateway_connection.rotated": "Rotated a payment gateway's credentials or signing secret",
  "gateway_connection.disconnected": "Disconnected a payment gateway",
  "gateway_connection.test_event_sent": "Sent a test event through a payment gateway connection",
  "campaign.created": "Created a campaign",
  "campaign.updated": "Changed a campaign",
  "campaign.listing_reviewed": "Rekomi staff reviewed a campaign's network listing",
  "tax_form.submitted": "Submitted a tax form",
  "tax_form.accepted": "Accepted a tax form",
  "tax_form.rejected": "Rejected a tax form",
  "tax_form.download_url_issued": "Issued a tax form download link",
  "enrollment.created": "Added a creator to a campaign",
  "enrollment.offered": "Offered a creator a place in a campaign",
  "enrollment.status_changed": "Reviewed an application, withdrew an offer or changed an enrollment",
  "join_link.updated": "Changed a campaign's join link",
  "join_link.regenerated": "Regenerated a campaign's join link",
  "creator_invitation.created": "Invited a creator",
  "creator_invitation.revoked": "Revoked a creator invitation",
  "creator_invitation.accepted": "A creator accepted an invitation",
  "creator.joined": "A creator joined through a join link",
  "creator.network_reviewed": "Reviewed a creator's network listing",
  "commission.approved": "Approved a commission early",
  "commission.voided": "Voided a commission",
  "commission.released": "Released a commission from review",
  "commission_override.set": "Set a product's commission rate",
  "commission_override.removed": "Removed a product's commission rate",
  "dead_letter.replayed": "Replayed a dead letter",
  "payout_policy.updated": "Changed the payout policy",
  "payout_run.created": "Opened a payout run (preview)",
  "payout_run.approved": "Approved a payout run (the brand is charged)",
  "payout_run.retried": "Retried a failed payout run's charge",
  "payout_run.canceled": "Canceled a payout run",
  "payout_method.saved": "Saved the payment method that pays payouts",
  "payout_run.failed": "A payout run's charge failed",
  "help.replied": "Answered a help conversation",
  "help.note_added": "Added an internal note to a help conversation",
  "help.conversation_updated": "Changed a help conversation's status or assignee",
  "help.file_url_issued": "Issued a help screenshot link",
  "status_incident.posted": "Posted an incident on the status page",
  "status_incident.updated": "Updated an incident on the status page",
  "status_incident.resolved": "Resolved an incident on the status page",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditActor {
  type: AuditActorType;
  id: string | null;
}

export interface AuditEntry {
  /** The brand the action belongs to; omit for account events (they belong to the user). */
  brandId?: string | null;
  /** The user an account event is about (whose brands may read it). */
  subjectUserId?: string | null;
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string } | null;
  metadata?: Record<string, unknown>;
  client: ClientInfo | null;
}

/**
 * Appends one record in the caller's transaction, so an action and its record commit
 * together. RLS admits brand rows under a brand principal and account rows under the
 * subject user's own principal; nothing can change a row once written.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    id: newId("auditEvent"),
    brandId: entry.brandId ?? null,
    subjectUserId: entry.subjectUserId ?? null,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.client?.ip ?? null,
    userAgent: entry.client?.userAgent ?? null,
    metadata: entry.metadata ?? {},
  });
}

/** The actor for a signed-in user's action. */
export function userActor(userId: string): AuditActor {
  return { type: "user", id: userId };
}
