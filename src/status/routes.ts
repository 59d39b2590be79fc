import { Hono, type Context, type MiddlewareHandler } from "hono";
import { clientInfo } from "../auth/client-info";
import type { AppConfigEnv } from "../infra/app/config";
import { database, type DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { COMPONENT_LABELS, reportedComponents, type StatusComponent } from "./components";
import { deliverAfterResponse } from "../email/deliver";
import { renderMessage, renderStatusPage } from "./page";
import { cachedPublicStatus, type PublicStatus } from "./public-status";
import { confirm, subscribe, unsubscribe, unsubscribeTokenValid } from "./subscribers";
import { describeDbError } from "../infra/db/errors";

type StatusEnv = AppConfigEnv & { Variables: DbVariables };

/** When Postgres cannot be read, nothing is known to be fine: every component shows degraded. */
function unknownStatus(reported: readonly StatusComponent[]): PublicStatus {
  return {
    state: "degraded",
    updated_at: new Date().toISOString(),
    components: reported.map((id) => ({ id, name: COMPONENT_LABELS[id], state: "degraded" as const, uptime_90d: null, days: [] })),
    incidents: [],
  };
}

async function statusOrUnknown(c: Context<StatusEnv>): Promise<{ status: PublicStatus; unavailable: boolean }> {
  const reported = reportedComponents(c.var.config);
  try {
    return { status: await cachedPublicStatus(() => c.var.db(), reported), unavailable: false };
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "status page: status unreadable", reason: describeDbError(err) }));
    return { status: unknownStatus(reported), unavailable: true };
  }
}

/** The pages have no script, inline CSS only, and forms that post to this origin; nothing may frame them. */
const pagePolicy: MiddlewareHandler = async function statusPagePolicy(c, next) {
  await next();
  if (c.res.headers.get("content-type")?.startsWith("text/html")) {
    c.res.headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  }
};

/**
 * Browsers and any CDN in front may keep the page 30 s (the probe runs once a minute), and
 * serve the last copy for 5 min if the origin errors. "Unavailable" answers are not kept.
 */
const cacheControl = (unavailable: boolean) => (unavailable ? "no-store" : "public, max-age=30, stale-if-error=300");

/**
 * The public status page: `/status` (server-rendered HTML), `/status.json`, and the
 * subscription links. No session, nothing per tenant; reads go through SECURITY DEFINER
 * functions that return only component states, day tallies and posted incidents.
 */
export function statusRoutes() {
  const app = new Hono<StatusEnv>();
  for (const path of ["/status", "/status.json", "/status/*"]) app.use(path, database(), pagePolicy);

  app.get("/status.json", async (c) => {
    const { status, unavailable } = await statusOrUnknown(c);
    c.header("Cache-Control", cacheControl(unavailable));
    c.header("Access-Control-Allow-Origin", "*");
    return c.json({ ...status, ...(unavailable ? { unavailable: true } : {}) }, 200);
  });

  app.get("/status", async (c) => {
    const { status, unavailable } = await statusOrUnknown(c);
    c.header("Cache-Control", cacheControl(unavailable));
    return c.html(renderStatusPage(status, { unavailable }));
  });

  // The page's form posts here (form-encoded); API clients may send JSON.
  app.post("/status/subscribe", async (c) => {
    const json = (c.req.header("content-type") ?? "").includes("application/json");
    const input = json ? await c.req.json().catch(() => null) : await c.req.parseBody().catch(() => null);
    const email = input && typeof (input as Record<string, unknown>).email === "string" ? String((input as Record<string, unknown>).email) : "";
    try {
      const mailId = await subscribe(c.var.db(), c.var.config, email, clientInfo(c).ip);
      if (mailId) deliverAfterResponse(c, [mailId]);
    } catch (err) {
      if (json || !(err instanceof ApiError)) throw err;
      return c.html(renderMessage("Not subscribed", err.message), err.status);
    }
    const message = "Check your inbox: we sent a link to confirm the subscription.";
    return json ? c.json({ status: "confirmation_sent", message }, 202) : c.html(renderMessage("Almost there", message), 202);
  });

  app.get("/status/confirm", async (c) => {
    const confirmed = await confirm(c.var.db(), c.req.query("token") ?? "");
    return confirmed
      ? c.html(renderMessage("Subscribed", "You will get an email when Rekomi posts or updates an incident."))
      : c.html(renderMessage("Link not valid", "This confirmation link was already used or is not valid. Subscribe again from the status page."), 404);
  });

  // Opening the link only asks (mail scanners follow links); the button unsubscribes.
  app.get("/status/unsubscribe", async (c) => {
    const token = c.req.query("token") ?? "";
    if (!(await unsubscribeTokenValid(c.var.db(), token))) {
      return c.html(renderMessage("Link not valid", "This unsubscribe link is not valid, or the address was already removed."), 404);
    }
    return c.html(
      renderMessage(
        "Unsubscribe",
        "Stop emails about Rekomi incidents to this address?",
        `<form method="post" action="/status/unsubscribe?token=${encodeURIComponent(token)}"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  });

  app.post("/status/unsubscribe", async (c) => {
    if (!(await unsubscribe(c.var.db(), c.req.query("token") ?? ""))) {
      return c.html(renderMessage("Link not valid", "This unsubscribe link is not valid, or the address was already removed."), 404);
    }
    return c.html(renderMessage("Unsubscribed", "You will not get emails about Rekomi incidents any more; the address was deleted."));
  });

  return app;
}
