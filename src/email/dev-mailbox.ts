import { Hono } from "hono";
import { devMailbox, type MailboxMessage } from "../infra/db/lookups";
import type { AppConfigEnv } from "../infra/app/config";
import { database, type DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";

/**
 * The dev mailbox: in development and test, account mail is not sent anywhere but listed
 * here, links working, so a new user can verify by clicking. Answers 404 in production;
 * and it can only ever show `mailbox`-transport rows, which production never writes.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

function linksOf(m: MailboxMessage): string[] {
  return [...new Set((m.textBody ?? "").match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:24px 32px;color:#1d2330}table{border-collapse:collapse;width:100%;max-width:1000px}
td,th{text-align:left;padding:8px 10px;border-bottom:1px solid #e4e6eb}.muted{color:#5b6275;font-size:13px}.mail{border:1px solid #e4e6eb;border-radius:8px;padding:16px;max-width:640px}</style>
</head><body>${body}</body></html>`;
}

const MAX_MESSAGES = 200;

export function devMailboxRoutes() {
  const app = new Hono<AppConfigEnv & { Variables: DbVariables }>();
  app.use("/dev/*", async (c, next) => {
    const { APP_ENV, EMAIL_TRANSPORT } = c.var.config;
    if (APP_ENV === "production" || EMAIL_TRANSPORT !== "mailbox") throw new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}.`);
    await next();
  });
  app.use("/dev/*", database());

  app.get("/dev/mailbox", async (c) => {
    const to = c.req.query("to")?.toLowerCase();
    const messages = (await devMailbox(c.var.db(), MAX_MESSAGES)).filter((m) => !to || m.toAddress.toLowerCase() === to);
    const rows = messages
      .map((m) => `<tr><td>${esc(m.toAddress)}</td><td><a href="/dev/mailbox/${esc(m.id)}">${esc(m.subject)}</a></td><td class="muted">${m.createdAt.toISOString()}</td></tr>`)
      .join("");
    const body = messages.length
      ? `<table><thead><tr><th>To</th><th>Subject</th><th>Sent</th></tr></thead><tbody>${rows}</tbody></table>`
      : `<p class="muted">No mail yet. Sign up in the dashboard and the verification email appears here.</p>`;
    return c.html(page("Dev mailbox", `<h1>Dev mailbox</h1><p class="muted">Mail the app sent in ${esc(c.var.config.APP_ENV)}; nothing leaves this machine.</p>${body}`));
  });

  app.get("/dev/mailbox/messages", async (c) => {
    const to = c.req.query("to")?.toLowerCase();
    const messages = (await devMailbox(c.var.db(), MAX_MESSAGES)).filter((m) => !to || m.toAddress.toLowerCase() === to);
    return c.json({
      data: messages.map((m) => ({ id: m.id, to: m.toAddress, subject: m.subject, text: m.textBody, html: m.htmlBody, links: linksOf(m), created_at: m.createdAt.toISOString() })),
    });
  });

  app.get("/dev/mailbox/:id", async (c) => {
    const message = (await devMailbox(c.var.db(), MAX_MESSAGES)).find((m) => m.id === c.req.param("id"));
    if (!message) throw new ApiError("not_found", `No message ${c.req.param("id")} in the dev mailbox.`);
    const header = `<p><a href="/dev/mailbox">← Mailbox</a></p><p class="muted">To ${esc(message.toAddress)} · ${message.createdAt.toISOString()}</p><h2>${esc(message.subject)}</h2>`;
    // The body is our own template output (see email/templates.ts), rendered as sent.
    return c.html(page(message.subject, `${header}<div class="mail">${message.htmlBody ?? `<pre>${esc(message.textBody ?? "")}</pre>`}</div>`));
  });
  return app;
}
