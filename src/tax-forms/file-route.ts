import { Hono, type MiddlewareHandler } from "hono";
import { taxFormFile } from "../infra/db/lookups";
import type { AppConfigEnv } from "../infra/app/config";
import { checkFileUrl } from "../infra/files/signed-urls";
import { database, type DbVariables } from "../infra/http/database";
import { ApiError } from "../infra/http/errors";
import { downloadFileName } from "./files";

/** A file answer, or an error about one, must never sit in a browser or proxy cache. */
const privateFile: MiddlewareHandler = async function privateFileMiddleware(c, next) {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("X-Content-Type-Options", "nosniff");
  c.res.headers.set("Referrer-Policy", "no-referrer");
};

/**
 * `GET /files/tax-forms/{id}?exp=…&sig=…`: streams one tax form from the private bucket.
 * No session: the signed URL is the authorization, and it was issued (and audit-logged)
 * only after the dashboard checked who asked. Refuses a changed or foreign URL (403) and
 * an expired one (410) before touching the database.
 */
export function taxFormFileRoutes() {
  const app = new Hono<AppConfigEnv & { Variables: DbVariables }>();
  app.use("/files/tax-forms/*", privateFile, database());
  app.get("/files/tax-forms/:id", async (c) => {
    const config = c.var.config;
    const id = c.req.param("id");
    const check = await checkFileUrl(config.FILE_URL_SECRET, "tax_form", id, { exp: c.req.query("exp"), sig: c.req.query("sig") });
    if (check === "invalid") throw new ApiError("forbidden", "This download link is not valid: it was changed or not issued by Rekomi. Get a new one from the dashboard.");
    if (check === "expired") throw new ApiError("link_expired", "This download link has expired (links last 5 minutes). Get a new one from the dashboard.");

    const file = await taxFormFile(c.var.db(), id);
    const object = file && (await config.TAX_FORMS.get(file.objectKey));
    if (!file || !object) {
      console.error(JSON.stringify({ level: "error", message: "signed tax form URL for a missing file", tax_form_id: id, row: file !== null }));
      throw new ApiError("not_found", `No file for tax form ${id}.`);
    }
    return new Response(object.body, {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Length": String(object.size),
        "Content-Disposition": `attachment; filename="${downloadFileName(file.formType, id)}"`,
        // Should a browser render it anyway, it runs nothing and loads nothing.
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  });
  return app;
}
