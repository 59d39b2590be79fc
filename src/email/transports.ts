/**
 * The settings that decide where mail goes and who sends it: the app config's email
 * variables (src/infra/app/config.ts), restated here so Node tooling can import this file.
 */
export interface EmailSettings {
  EMAIL_TRANSPORT: "mailbox" | "resend";
  EMAIL_FROM: string;
  RESEND_API_KEY?: string | undefined;
  RESEND_API_URL: string;
}

export interface OutgoingEmail {
  /** The outbox id: also the provider idempotency key, so a retried send is not sent twice. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
}

/** What delivers mail. The outbox calls it after commit and records the outcome. */
export interface EmailSender {
  send(mail: OutgoingEmail): Promise<{ providerMessageId: string | null }>;
}

/** Resend's HTTP API (`POST /emails`), with the outbox id as `Idempotency-Key`. */
export function resendSender(opts: { apiKey: string; baseUrl: string; fetch?: typeof fetch }): EmailSender {
  const base = opts.baseUrl.replace(/\/$/, "");
  const doFetch = opts.fetch ?? fetch;
  return {
    async send(mail) {
      const res = await doFetch(`${base}/emails`, {
        method: "POST",
        headers: { Authorization: `Bearer ${opts.apiKey}`, "Content-Type": "application/json", "Idempotency-Key": mail.id },
        body: JSON.stringify({ from: mail.from, to: [mail.to], subject: mail.subject, ...(mail.text && { text: mail.text }), ...(mail.html && { html: mail.html }) }),
      });
      const body = (await res.json().catch(() => null)) as { id?: string; message?: string } | null;
      if (!res.ok) throw new Error(`resend answered ${res.status}: ${body?.message ?? "no message"}`);
      return { providerMessageId: body?.id ?? null };
    },
  };
}

/** The sender for this environment; null for the dev mailbox, which needs no delivery. */
export function senderFor(settings: EmailSettings): EmailSender | null {
  if (settings.EMAIL_TRANSPORT === "mailbox") return null;
  // The config refuses `resend` without a key (src/infra/app/config.ts).
  return resendSender({ apiKey: settings.RESEND_API_KEY!, baseUrl: settings.RESEND_API_URL });
}
