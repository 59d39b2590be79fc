import { sql } from "drizzle-orm";
import type { AppConfig } from "../infra/app/config";
import type { Db } from "../infra/db/client";
import { rowsOf, textArray } from "../infra/db/raw";
import { newId } from "../infra/ids";
import { helpWaitingForStaff, type WaitingConversation } from "./mail";

type Config = Pick<AppConfig, "APP_ORIGIN" | "EMAIL_TRANSPORT">;

/** Conversations named in one notice; the rest wait for the next minute's run. */
const PER_NOTICE = 25;

/**
 * Cron: tells every Rekomi staff member, by mail, which help conversations now wait for
 * them (a new conversation, or a user writing again after staff's answer), security issues
 * first. Each conversation is reported once per message from the user; internal notes and
 * staff replies report nothing. Marking and mailing are one transaction: a failed run
 * marks nothing and the next run reports the same conversations. No message body is mailed.
 */
export async function noticeStaffOfHelp(config: Config, db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    // With nobody to tell yet, nothing is marked: the first staff member hears of them.
    const staff = await rowsOf<{ id: string }>(tx, sql`select help_staff_ids() as id`);
    if (staff.length === 0) return 0;
    const waiting = await rowsOf<WaitingRow>(tx, sql`select id, topic, subject, from_visitor, waiting_since from help_claim_staff_notice(${PER_NOTICE})`);
    if (waiting.length === 0) return 0;
    // RETURNING keeps no order: security issues first, then the longest waiting.
    waiting.sort((a, b) => Number(b.topic === "security") - Number(a.topic === "security") || new Date(a.waiting_since).getTime() - new Date(b.waiting_since).getTime());
    const content = helpWaitingForStaff({
      conversations: waiting.map((w) => ({ topic: w.topic, subject: w.subject, fromVisitor: w.from_visitor, waitingSince: new Date(w.waiting_since) })),
      inboxUrl: `${config.APP_ORIGIN}/admin#help`,
    });
    await tx.execute(
      sql`select help_mail_staff(${textArray(staff.map(() => newId("email")))}, ${textArray(staff.map((s) => s.id))}, ${content.subject}, ${content.text}, ${content.html}, ${config.EMAIL_TRANSPORT})`,
    );
    return waiting.length;
  });
}

interface WaitingRow {
  id: string;
  topic: WaitingConversation["topic"];
  subject: string;
  from_visitor: boolean;
  waiting_since: string | Date;
}
