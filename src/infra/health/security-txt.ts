import { Hono } from "hono";

/** RFC 9116 security.txt. Expires is kept one year ahead of the request. */
export function securityTxtRoutes() {
  const app = new Hono();
  app.get("/.well-known/security.txt", (c) => {
    const expires = new Date(Date.now() + 365 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, ".000Z");
    const body = [
      "Contact: mailto:security@rekomi.com",
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
