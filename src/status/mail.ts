import { compose, type EmailContent } from "../email/templates";
import { hmacHex, timingSafeEqual } from "../infra/crypto";
import { COMPONENT_LABELS, type StatusComponent } from "./components";

/** The mail that asks a new subscriber to confirm. */
export function confirmSubscription(url: string): EmailContent {
  return compose(
    "Confirm your Rekomi status subscription",
    ["Someone, hopefully you, asked to be emailed when Rekomi posts an incident on its status page. Confirm to start receiving these emails."],
    { label: "Confirm subscription", url },
    "If this was not you, ignore this email: nothing is sent until the address is confirmed.",
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
 * Unsubscribe links carry an HMAC of the subscriber id (keyed by SESSION_SECRET with a
 * purpose prefix), so nothing is stored to honour them; rotating the secret voids old links.
 */
export function unsubscribeSignature(secret: string, subscriberId: string): Promise<string> {
  return hmacHex("SHA-256", secret, `status-unsubscribe:${subscriberId}`);
}

export async function validUnsubscribeSignature(secret: string, subscriberId: string, signature: string): Promise<boolean> {
  return timingSafeEqual(await unsubscribeSignature(secret, subscriberId), signature);
}
