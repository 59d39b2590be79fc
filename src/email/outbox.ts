import type { Db, Tx } from "../infra/db/client";
import { claimEmailOutbox, settleEmailOutbox } from "../infra/db/lookups";
import { emailOutbox } from "../infra/db/schema";
import { newId } from "../infra/ids";
import type { EmailContent } from "./templates";
import type { EmailSender, EmailSettings } from "./transports";
import { describeDbError } from "../infra/db/errors";

/**
 * Writes a mail into the outbox inside the caller's transaction: it goes out only if what
 * caused it commits. Account mail belongs to its user (`userId`), brand mail to the brand,
 * incident news to its status page subscriber.
 */
export async function enqueueEmail(tx: Tx, settings: Pick<EmailSettings, "EMAIL_TRANSPORT">, mail: { userId?: string | null; brandId?: string; helpConversationId?: string; statusSubscriberId?: string; to: string; content: EmailContent }): Promise<string> {
  const id = newId("email");
  const transport = settings.EMAIL_TRANSPORT;
  // The dev mailbox is the destination itself: such mail is delivered once written.
  const delivered = transport === "mailbox";
  await tx.insert(emailOutbox).values({
    id,
    userId: mail.userId ?? null,
    brandId: mail.brandId ?? null,
    helpConversationId: mail.helpConversationId ?? null,
    statusSubscriberId: mail.statusSubscriberId ?? null,
    toAddress: mail.to,
    subject: mail.content.subject,
    textBody: mail.content.text,
    htmlBody: mail.content.html,
    transport,
    status: delivered ? "sent" : "pending",
    sentAt: delivered ? new Date() : null,
  });
  return id;
}

/**
 * One delivery pass: claims deliverable rows (only `ids` when given), sends each and
 * records the outcome. Failures stay in the outbox for the next pass (cron), with backoff.
 */
export async function deliverOutbox(db: Db, sender: EmailSender, from: string, ids: string[] | null, limit = 25): Promise<{ sent: number; failed: number }> {
  const claimed = await claimEmailOutbox(db, ids, limit);
  let sent = 0;
  let failed = 0;
  for (const mail of claimed) {
    try {
      const { providerMessageId } = await sender.send({ id: mail.id, from, to: mail.toAddress, subject: mail.subject, text: mail.textBody, html: mail.htmlBody });
      await settleEmailOutbox(db, mail.id, { providerMessageId, error: null });
      sent++;
    } catch (err) {
      await settleEmailOutbox(db, mail.id, { providerMessageId: null, error: describeDbError(err) });
      failed++;
      console.error(JSON.stringify({ level: "error", message: "email delivery failed", email_id: mail.id, attempt: mail.attempts, error: describeDbError(err) }));
    }
  }
  return { sent, failed };
}
