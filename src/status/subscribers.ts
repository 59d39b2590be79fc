import { and, isNotNull, sql } from "drizzle-orm";
import { enforce, type Limit } from "../auth/rate-limits";
import { hashToken, newToken } from "../auth/tokens";
import { enqueueEmail } from "../email/outbox";
import type { AppConfig } from "../infra/app/config";
import type { Db, Tx } from "../infra/db/client";
import { withPrincipal } from "../infra/db/principal";
import { statusSubscribers } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { ApiError } from "../infra/http/errors";
import { rowsOf, textArray } from "../infra/db/raw";
import type { StatusComponent } from "./components";
import { confirmSubscription, incidentNews, UNSUBSCRIBE_TOKEN_SLOT } from "./mail";

type MailConfig = Pick<AppConfig, "EMAIL_TRANSPORT" | "APP_ORIGIN">;

/** Server-side mail of the status page (confirmations) is written as the jobs' staff principal. */
const STATUS_MAILER = { kind: "platform_admin", userId: "system:status" } as const;

const SUBSCRIBE_PER_IP: Limit = { name: "status-subscribe:ip", max: 10, windowSeconds: 60 * 60 };
/** Confirmation mails per address: subscribing someone else's address must not flood it. */
const CONFIRMATIONS_PER_ADDRESS: Limit = { name: "status-confirmation:address", max: 3, windowSeconds: 24 * 60 * 60 };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

/**
 * A visitor asks for incident news: the address is kept unconfirmed and mailed a
 * confirmation link (valid 48 h); nothing else is sent to it until that link is opened. The
 * answer is the same whether the address was new, pending, already confirmed or over its
 * daily confirmation limit; over the limit nothing is written, so a pending link stays valid.
 * Returns the confirmation mail's id, to deliver right after the response like other
 * transactional mail (null when none was queued).
 */
export async function subscribe(db: Db, config: MailConfig, email: string, ip: string): Promise<string | null> {
  const address = email.trim().toLowerCase();
  if (!EMAIL.test(address) || address.length > 320) throw new ApiError("invalid_request", "Enter an email address such as you@example.com.", { param: "email" });
  await enforce(db, [{ limit: SUBSCRIBE_PER_IP, subject: ip }]);
  try {
    await enforce(db, [{ limit: CONFIRMATIONS_PER_ADDRESS, subject: address }]);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === "rate_limited")) throw err;
    return null;
  }
  const { token, hash } = await newToken();
  return withPrincipal(db, STATUS_MAILER, async (tx) => {
    const [row] = await rowsOf<{ subscriber_id: string; needs_confirmation: boolean }>(tx, sql`select * from status_subscribe(${newId("statusSubscriber")}, ${address}, ${hash})`);
    if (!row?.needs_confirmation) return null;
    const url = `${config.APP_ORIGIN}/status/confirm?token=${encodeURIComponent(token)}`;
    return enqueueEmail(tx, config, { statusSubscriberId: row.subscriber_id, to: address, content: confirmSubscription(url) });
  });
}

/** The confirmation link: true when it confirmed an address (and gave it its unsubscribe token). */
export async function confirm(db: Db, token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const unsubscribeToken = (await newToken()).token;
  const [row] = await rowsOf<{ id: string | null }>(db, sql`select status_confirm_subscription(${await hashToken(token)}, ${unsubscribeToken}) as id`);
  return Boolean(row?.id);
}

const plausibleToken = (token: string) => token.length >= 32 && token.length <= 200;

/** Whether an unsubscribe link is live (the page asks before deleting). */
export async function unsubscribeTokenValid(db: Db, token: string): Promise<boolean> {
  if (!plausibleToken(token)) return false;
  const [row] = await rowsOf<{ valid: boolean }>(db, sql`select status_unsubscribe_token_valid(${token}) as valid`);
  return row?.valid === true;
}

/** The unsubscribe button: deletes the address holding this token. */
export async function unsubscribe(db: Db, token: string): Promise<boolean> {
  if (!plausibleToken(token)) return false;
  const [row] = await rowsOf<{ gone: boolean }>(db, sql`select status_unsubscribe(${token}) as gone`);
  return row?.gone === true;
}

/**
 * Queues incident news to every confirmed subscriber, inside the staff transaction that
 * posted it (so a rolled-back post mails nobody): one composed copy, one INSERT … SELECT
 * that writes each subscriber's unsubscribe token into its link. The rows are `bulk`, so
 * the cron sends them after any other pending mail (claim_email_outbox).
 */
export async function notifySubscribers(
  tx: Tx,
  config: MailConfig,
  news: { title: string; status: string; body: string; components: StatusComponent[] },
): Promise<number> {
  const subscribers = await tx.select({ id: statusSubscribers.id }).from(statusSubscribers).where(and(isNotNull(statusSubscribers.confirmedAt), isNotNull(statusSubscribers.unsubscribeToken)));
  if (subscribers.length === 0) return 0;
  const unsubscribeUrl = `${config.APP_ORIGIN}/status/unsubscribe?token=${UNSUBSCRIBE_TOKEN_SLOT}`;
  const content = incidentNews({ ...news, statusUrl: `${config.APP_ORIGIN}/status`, unsubscribeUrl });
  // The dev mailbox is the destination itself: such mail is delivered once written (as enqueueEmail).
  const delivered = config.EMAIL_TRANSPORT === "mailbox";
  const mailIds = subscribers.map(() => newId("email"));
  const rows = await rowsOf<{ n: number }>(
    tx,
    sql`with queued as (
      insert into email_outbox (id, status_subscriber_id, to_address, subject, text_body, html_body, transport, status, sent_at, bulk)
      select m.mail_id, s.id, s.email, ${content.subject},
             replace(${content.text}, ${UNSUBSCRIBE_TOKEN_SLOT}, s.unsubscribe_token),
             replace(${content.html}, ${UNSUBSCRIBE_TOKEN_SLOT}, s.unsubscribe_token),
             ${config.EMAIL_TRANSPORT}, ${delivered ? "sent" : "pending"}, ${delivered ? sql`now()` : sql`null`}, true
        from unnest(${textArray(mailIds)}, ${textArray(subscribers.map((s) => s.id))}) as m(mail_id, subscriber_id)
        join status_subscribers s on s.id = m.subscriber_id
       where s.confirmed_at is not null and s.unsubscribe_token is not null
      returning 1)
    select count(*)::int as n from queued`,
  );
  return rows[0]?.n ?? 0;
}

/** Retention: addresses whose confirmation link expired unused (48 h) are deleted. */
export async function purgeUnconfirmedSubscribers(db: Db): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db, sql`select status_purge_unconfirmed() as n`);
  return Number(row?.n ?? 0);
}
