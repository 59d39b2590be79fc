import { Hono } from "hono";

/** Where the dashboard lives when the serving worker has no app origin configured (the edge). */
const PRODUCTION_APP_ORIGIN = "https://app.rekomi.com";

/**
 * RFC 9116 security.txt. Expires is kept one year ahead of the request. The second contact
 * is the help messenger opened on its "Security issue" topic (flagged and answered first,
 * src/help), on the app's own origin where the worker knows it.
 */
export function securityTxtRoutes() {
  const app = new Hono();
  app.get("/.well-known/security.txt", (c) => {
    const expires = new Date(Date.now() + 365 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, ".000Z");
    const appOrigin = (c.var as { config?: { APP_ORIGIN?: string } }).config?.APP_ORIGIN ?? PRODUCTION_APP_ORIGIN;
    const body = [
      "Contact: mailto:security@rekomi.com",
      `Contact: ${appOrigin}/help?topic=security`,
      `Expires: ${expires}`,
      "Preferred-Languages: en",
      "Policy: https://rekomi.com/security",
      "Canonical: https://rekomi.com/.well-known/security.txt",
      "",
    ].join("\n");
    return c.text(body, 200, { "Cache-Control": "public, max-age=86400" });
  });
  return app;
}
