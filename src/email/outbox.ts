import type { Context } from "hono";
import { openDb, type Db, type Tx } from "../db/client";
import { claimEmailOutbox, settleEmailOutbox } from "../db/lookups";
import { emailOutbox } from "../db/schema";
import { appEnv, emailTransport, type AppEnv } from "../env";
import { newId } from "../ids";
import type { EmailContent } from "./templates";
import { senderFor, type EmailSender } from "./transports";

/**
 * Writes a mail into the outbox inside the caller's transaction: it goes out only if what
 * caused it commits. Account mail belongs to its user (`userId`), brand mail to the brand.
 */
export async function enqueueEmail(tx: Tx, env: AppEnv, mail: { userId?: string; brandId?: string; to: string; content: EmailContent }): Promise<string> {
  const id = newId("email");
  const transport = emailTransport(env);
  // The dev mailbox is the destination itself: such mail is delivered once written.
  const delivered = transport === "mailbox";
  await tx.insert(emailOutbox).values({
    id,
    userId: mail.userId ?? null,
    brandId: mail.brandId ?? null,
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
      await settleEmailOutbox(db, mail.id, { providerMessageId: null, error: err instanceof Error ? err.message : String(err) });
      failed++;
      console.error(JSON.stringify({ level: "error", message: "email delivery failed", email_id: mail.id, attempt: mail.attempts, error: String(err) }));
    }
  }
  return { sent, failed };
}

/** After the response, tries to deliver the mail a request just committed. */
export function deliverAfterResponse(c: Context, ids: string[]): void {
  const env = appEnv(c.env as object);
  const sender = senderFor(env);
  if (!sender || ids.length === 0) return;
  const work = (async () => {
    // Its own pool: the request's pool closes when the response is sent.
    const { db, close } = openDb(env);
    try {
      await deliverOutbox(db, sender, env.EMAIL_FROM, ids);
    } finally {
      await close();
    }
  })().catch((err) => console.error(JSON.stringify({ level: "error", message: "email delivery pass failed", error: String(err) })));
  c.executionCtx.waitUntil(work);
}
