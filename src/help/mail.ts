import { compose, type EmailContent } from "../email/templates";

/**
 * The mail a staff reply sends. A signed-in user gets a pointer to the dashboard (the
 * reply itself stays behind their session); a signed-out visitor, who has no thread to
 * open, gets the reply's text.
 */
export function helpReplyToUser(opts: { subject: string; url: string }): EmailContent {
  return compose(
    `Rekomi support answered: ${opts.subject}`,
    [`Rekomi support answered your conversation “${opts.subject}”.`, "Open the help panel (bottom right of any dashboard page) to read the answer and reply."],
    { label: "Open Rekomi", url: opts.url },
  );
}

export function helpReplyToVisitor(opts: { subject: string; body: string; url: string }): EmailContent {
  return compose(
    `Re: ${opts.subject}`,
    [`Rekomi support answered your message “${opts.subject}”:`, opts.body, `To write back, use the help button on ${opts.url} again with this email address.`],
    undefined,
    "You receive this because this address was given in Rekomi's help form. If that was not you, you can ignore this email.",
  );
}
