import { compose, type EmailContent } from "../email/templates";
import type { HelpTopic } from "../infra/db/schema";
import { oneLine } from "./text";

/**
 * The mail a staff reply sends. A signed-in user gets a pointer to the dashboard (the
 * reply itself stays behind their session); a signed-out visitor, who has no thread to
 * open, gets the reply's text. Subjects are made one line here too: they go into a mail
 * header, and rows written before subjects were checked may hold line breaks.
 */
export function helpReplyToUser(opts: { subject: string; url: string }): EmailContent {
  const subject = oneLine(opts.subject);
  return compose(
    `Rekomi support answered: ${subject}`,
    [`Rekomi support answered your conversation “${subject}”.`, "Open the help panel (bottom right of any dashboard page) to read the answer and reply."],
    { label: "Open Rekomi", url: opts.url },
  );
}

export function helpReplyToVisitor(opts: { subject: string; body: string; url: string }): EmailContent {
  const subject = oneLine(opts.subject);
  return compose(
    `Re: ${subject}`,
    [`Rekomi support answered your message “${subject}”:`, opts.body, `To write back, use the help button on ${opts.url} again with this email address.`],
    undefined,
    "You receive this because this address was given in Rekomi's help form. If that was not you, you can ignore this email.",
  );
}

const TOPIC_LABELS: Record<HelpTopic, string> = { question: "Question", bug: "Bug", billing: "Billing", security: "Security issue", campaign_report: "Campaign report" };

export interface WaitingConversation {
  topic: HelpTopic;
  subject: string;
  fromVisitor: boolean;
  waitingSince: Date;
}

/**
 * Staff's notice that help conversations wait for an answer: topics and subjects only
 * (message bodies stay behind the inbox's sign-in), security issues named in the subject line.
 */
export function helpWaitingForStaff(opts: { conversations: WaitingConversation[]; inboxUrl: string }): EmailContent {
  const security = opts.conversations.filter((c) => c.topic === "security").length;
  const count = opts.conversations.length;
  const waiting = `${count} help conversation${count === 1 ? "" : "s"} wait${count === 1 ? "s" : ""} for an answer`;
  const lines = opts.conversations.map(
    (c) => `${TOPIC_LABELS[c.topic]}: “${oneLine(c.subject)}” (${c.fromVisitor ? "signed-out visitor, answered by mail" : "signed-in user"}, since ${c.waitingSince.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
  );
  return compose(security > 0 ? `Security issue reported · ${waiting}` : `Rekomi help: ${waiting}`, [`${waiting} in the help inbox:`, ...lines], { label: "Open the help inbox", url: opts.inboxUrl });
}
