import { Hono, type MiddlewareHandler } from "hono";
import type { AppConfigEnv } from "../infra/app/config";
import { checkFileUrl } from "../infra/files/signed-urls";
import { ApiError } from "../infra/http/errors";
import { helpObjectKey } from "./files";

/** A file answer, or an error about one, must never sit in a browser or proxy cache. */
const privateFile: MiddlewareHandler = async function privateHelpFileMiddleware(c, next) {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("X-Content-Type-Options", "nosniff");
  c.res.headers.set("Referrer-Policy", "no-referrer");
};

/**
 * `GET /files/help/{attachmentId}?exp=…&sig=…`: streams one screenshot from the private
 * HELP_FILES bucket. No session: the signed URL is the authorization, issued only after
 * the dashboard checked the conversation is the caller's (or the caller is staff). The
 * key derives from the id, so no database read is needed.
 */
export function helpFileRoutes() {
  const app = new Hono<AppConfigEnv>();
  app.use("/files/help/*", privateFile);
  app.get("/files/help/:id", async (c) => {
    const config = c.var.config;
    const id = c.req.param("id");
    const check = await checkFileUrl(config.FILE_URL_SECRET, "help_screenshot", id, { exp: c.req.query("exp"), sig: c.req.query("sig") });
    if (check === "invalid") throw new ApiError("forbidden", "This link is not valid: it was changed or not issued by Rekomi.");
    if (check === "expired") throw new ApiError("link_expired", "This link has expired (links last 5 minutes). Open the conversation again.");
    const object = await config.HELP_FILES.get(helpObjectKey(id));
    if (!object) throw new ApiError("not_found", `No file for screenshot ${id}.`);
    return new Response(object.body, {
      headers: {
        "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
        "Content-Length": String(object.size),
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  });
  return app;
}
