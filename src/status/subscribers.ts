import { isNotNull, sql } from "drizzle-orm";
import { enforce, type Limit } from "../auth/rate-limits";
import { hashToken, newToken } from "../auth/tokens";
import { enqueueEmail } from "../email/outbox";
import type { AppConfig } from "../infra/app/config";
import type { Db, Tx } from "../infra/db/client";
import { withPrincipal } from "../infra/db/principal";
import { statusSubscribers } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { ApiError } from "../infra/http/errors";
import { rowsOf } from "./sql";
import type { StatusComponent } from "./components";
import { confirmSubscription, incidentNews, unsubscribeSignature } from "./mail";

type MailConfig = Pick<AppConfig, "EMAIL_TRANSPORT" | "APP_ORIGIN" | "SESSION_SECRET">;

/** Server-side mail of the status page (confirmations) is written as the jobs' staff principal. */
const STATUS_MAILER = { kind: "platform_admin", userId: "system:status" } as const;

const SUBSCRIBE_PER_IP: Limit = { name: "status-subscribe:ip", max: 10, windowSeconds: 60 * 60 };
/** Confirmation mails per address: subscribing someone else's address must not flood it. */
const CONFIRMATIONS_PER_ADDRESS: Limit = { name: "status-confirmation:address", max: 3, windowSeconds: 24 * 60 * 60 };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

/**
 * A visitor asks for incident news: the address is kept unconfirmed and mailed a
 * confirmation link; nothing else is sent to it until that link is opened. The answer is the
 * same whether the address was new, pending or already confirmed.
 */
export async function subscribe(db: Db, config: MailConfig, email: string, ip: string): Promise<void> {
  const address = email.trim().toLowerCase();
  if (!EMAIL.test(address) || address.length > 320) throw new ApiError("invalid_request", "Enter an email address such as you@example.com.", { param: "email" });
  await enforce(db, [{ limit: SUBSCRIBE_PER_IP, subject: ip }]);
  let mayMail = true;
  try {
    await enforce(db, [{ limit: CONFIRMATIONS_PER_ADDRESS, subject: address }]);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === "rate_limited")) throw err;
    mayMail = false;
  }
  const { token, hash } = await newToken();
  await withPrincipal(db, STATUS_MAILER, async (tx) => {
    const [row] = await rowsOf<{ subscriber_id: string; needs_confirmation: boolean }>(tx, sql`select * from status_subscribe(${newId("statusSubscriber")}, ${address}, ${hash})`);
    if (!row?.needs_confirmation || !mayMail) return;
    const url = `${config.APP_ORIGIN}/status/confirm?token=${encodeURIComponent(token)}`;
    await enqueueEmail(tx, config, { statusSubscriberId: row.subscriber_id, to: address, content: confirmSubscription(url) });
  });
}

/** The confirmation link: true when it confirmed an address. */
export async function confirm(db: Db, token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const [row] = await rowsOf<{ id: string | null }>(db, sql`select status_confirm_subscription(${await hashToken(token)}) as id`);
  return Boolean(row?.id);
}

/** The unsubscribe link (already verified by its signature): deletes the address. */
export async function unsubscribe(db: Db, subscriberId: string): Promise<boolean> {
  const [row] = await rowsOf<{ gone: boolean }>(db, sql`select status_unsubscribe(${subscriberId}) as gone`);
  return row?.gone === true;
}

/**
 * Queues incident news to every confirmed subscriber, inside the staff transaction that
 * posted it (so a rolled-back post mails nobody). Each mail carries its own unsubscribe link.
 */
export async function notifySubscribers(
  tx: Tx,
  config: MailConfig,
  news: { title: string; status: string; body: string; components: StatusComponent[] },
): Promise<number> {
  const subscribers = await tx.select({ id: statusSubscribers.id, email: statusSubscribers.email }).from(statusSubscribers).where(isNotNull(statusSubscribers.confirmedAt));
  for (const s of subscribers) {
    const signature = await unsubscribeSignature(config.SESSION_SECRET, s.id);
    const unsubscribeUrl = `${config.APP_ORIGIN}/status/unsubscribe?subscriber=${encodeURIComponent(s.id)}&signature=${signature}`;
    await enqueueEmail(tx, config, { statusSubscriberId: s.id, to: s.email, content: incidentNews({ ...news, statusUrl: `${config.APP_ORIGIN}/status`, unsubscribeUrl }) });
  }
  return subscribers.length;
}
