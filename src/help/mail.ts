import { compose, type EmailContent } from "../email/templates";
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
