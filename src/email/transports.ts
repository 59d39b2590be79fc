/** The bindings that decide where mail goes (a subset of the app worker's env). */
export interface EmailSettings {
  APP_ENV?: "development" | "test" | "production" | undefined;
  EMAIL_TRANSPORT?: "mailbox" | "resend" | undefined;
  EMAIL_FROM?: string | undefined;
  RESEND_API_KEY?: string | undefined;
  RESEND_API_URL?: string | undefined;
}

/** Where mail goes: the dev mailbox outside production, Resend in it (unless configured). */
export function emailTransport(env: EmailSettings): "mailbox" | "resend" {
  return env.EMAIL_TRANSPORT ?? (env.APP_ENV === "production" ? "resend" : "mailbox");
}

/** The sender of account mail. */
export function emailFrom(env: EmailSettings): string {
  return env.EMAIL_FROM ?? "Rekomi <no-reply@rekomi.com>";
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
export function resendSender(opts: { apiKey: string; baseUrl?: string | undefined; fetch?: typeof fetch }): EmailSender {
  const base = (opts.baseUrl ?? "https://api.resend.com").replace(/\/$/, "");
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
export function senderFor(env: EmailSettings): EmailSender | null {
  if (emailTransport(env) === "mailbox") return null;
  return resendSender({ apiKey: env.RESEND_API_KEY!, baseUrl: env.RESEND_API_URL });
}
