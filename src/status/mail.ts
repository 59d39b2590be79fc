import { compose, type EmailContent } from "../email/templates";
import { COMPONENT_LABELS, type StatusComponent } from "./components";

/** The mail that asks a new subscriber to confirm. */
export function confirmSubscription(url: string): EmailContent {
  return compose(
    "Confirm your Rekomi status subscription",
    ["Someone, hopefully you, asked to be emailed when Rekomi posts an incident on its status page. Confirm to start receiving these emails."],
    { label: "Confirm subscription", url },
    "The link works for 48 hours. If this was not you, ignore this email: nothing is sent until the address is confirmed.",
  );
}

const VERBS: Record<string, string> = { investigating: "Investigating", identified: "Identified", monitoring: "Monitoring", resolved: "Resolved" };

/** Incident news: posted, updated or resolved. */
export function incidentNews(opts: { title: string; status: string; body: string; components: StatusComponent[]; statusUrl: string; unsubscribeUrl: string }): EmailContent {
  const affected = opts.components.map((c) => COMPONENT_LABELS[c]).join(", ");
  return compose(
    `[Rekomi status] ${VERBS[opts.status] ?? opts.status}: ${opts.title}`,
    [`${VERBS[opts.status] ?? opts.status}: ${opts.body}`, `Affected: ${affected}.`, `Follow it on ${opts.statusUrl}`],
    { label: "Open the status page", url: opts.statusUrl },
    `You get this because you subscribed to Rekomi's status page. Unsubscribe: ${opts.unsubscribeUrl}`,
  );
}

/**
 * Stands for each subscriber's own unsubscribe token in the one copy of incident news that
 * is composed per post; the INSERT … SELECT that queues it swaps in the token (base64url:
 * nothing in it needs escaping in a URL, text or HTML). Only letters and underscores, so
 * composing leaves it intact.
 */
export const UNSUBSCRIBE_TOKEN_SLOT = "__REKOMI_UNSUBSCRIBE_TOKEN__";
