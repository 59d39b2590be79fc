import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { LIMITS, enforce, refuseIfExhausted } from "../../auth/rate-limits";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import type { AppConfigEnv } from "../../infra/app/config";
import { signFileUrl } from "../../infra/files/signed-urls";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, idParams, jsonResponse } from "../../infra/http/schemas";
import { readUpload } from "../../infra/http/upload";
import { newId } from "../../infra/ids";
import { asPlatformAdmin } from "../../platform-admin/access";
import { asHelpUser, visibleConversation } from "../access";
import { MAX_SCREENSHOT_BYTES, SCREENSHOT_TYPES, helpObjectKey, isScreenshotType, looksLike } from "../files";
import { addAttachment, addUserMessage, findAttachment, threadOf } from "../queries";
import { HelpFileUrl, HelpThread, ScreenshotQuery, screenshotBody, serializeConversation, serializeMessage } from "../schemas";
import { signedInSession } from "../../auth/session-middleware";

export const HELP_SCREENSHOT_PATH = "/api/help/screenshots";

export const uploadScreenshotRoute = dashboardRoute("signed_in", {
  method: "post",
  path: HELP_SCREENSHOT_PATH,
  tags: ["Help"],
  summary: "Attach a screenshot to a help conversation",
  description:
    `The body is one image (\`${SCREENSHOT_TYPES.join("`, `")}\`, at most ${MAX_SCREENSHOT_BYTES / (1024 * 1024)} MB); it becomes a message of its own. ` +
    "It is kept in a private bucket and opened only through 5-minute links. At most 10 screenshots per account in 24 hours.",
  request: { query: ScreenshotQuery, body: screenshotBody },
  responses: {
    201: jsonResponse(HelpThread, "The conversation with the screenshot."),
    ...commonErrors,
    413: errorResponse(`The image is larger than ${MAX_SCREENSHOT_BYTES / (1024 * 1024)} MB.`),
    415: errorResponse("The body is not a PNG, JPEG or WebP image."),
    429: errorResponse("Too many screenshots from this account."),
  },
});

const fileUrlDescription = "A link that opens the screenshot without a session for 5 minutes.";

export const screenshotUrlRoute = dashboardRoute("signed_in", {
  method: "post",
  path: "/api/help/attachments/{attachmentId}/url",
  tags: ["Help"],
  summary: "Get a link to a screenshot in your conversation",
  description: fileUrlDescription,
  request: { params: idParams({ attachmentId: "hla" }) },
  responses: { 200: jsonResponse(HelpFileUrl, "A short-lived link."), ...commonErrors },
});

export const adminScreenshotUrlRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/help/attachments/{attachmentId}/url",
  tags: ["Platform admin"],
  summary: "Get a link to a screenshot in any help conversation",
  description: `${fileUrlDescription} Recorded in the audit log.`,
  request: { params: idParams({ attachmentId: "hla" }) },
  responses: { 200: jsonResponse(HelpFileUrl, "A short-lived link."), ...commonErrors },
});

async function fileUrl<E extends AppConfigEnv>(c: Context<E>, attachmentId: string): Promise<z.infer<typeof HelpFileUrl>> {
  const { path, expiresAt } = await signFileUrl(c.var.config.FILE_URL_SECRET, "help_screenshot", attachmentId);
  return { object: "help_file_url", attachment_id: attachmentId, url: `${c.var.config.APP_ORIGIN}${path}`, expires_at: expiresAt.toISOString() };
}

const noAttachment = (id: string) => new ApiError("not_found", `No screenshot ${id}.`, { param: "attachmentId" });

export function registerScreenshotRoutes(app: DashboardApp) {
  app.openapi(uploadScreenshotRoute, async (c) => {
    const { conversation_id: conversationId } = c.req.valid("query");
    const { user } = signedInSession(c);
    const limit = [{ limit: LIMITS.helpScreenshotsPerUser, subject: user.id }];
    // Refused before the body is read: whose conversation, and whether the allowance is spent.
    await refuseIfExhausted(c.var.db(), limit);
    await asHelpUser(c, (tx) => visibleConversation(tx, conversationId));
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!isScreenshotType(type)) {
      throw new ApiError("unsupported_media_type", `Send a screenshot as the request body with \`Content-Type\` one of \`${SCREENSHOT_TYPES.join("`, `")}\`.`, { param: "file" });
    }
    const bytes = await readUpload(c.req.raw, { contentType: type, maxBytes: MAX_SCREENSHOT_BYTES });
    if (!looksLike(type, bytes)) throw new ApiError("invalid_request", `The file is not a ${type.slice(6).toUpperCase()} image.`, { param: "file" });
    await enforce(c.var.db(), limit);

    const bucket = c.var.config.HELP_FILES;
    const attachmentId = newId("helpAttachment");
    const key = helpObjectKey(attachmentId);
    // The file first, so a row never points at a missing object; if the row fails, the object goes.
    await bucket.put(key, bytes, { httpMetadata: { contentType: type }, customMetadata: { conversation_id: conversationId } });
    const thread = await asHelpUser(c, async (tx, userId) => {
      const messageId = await addUserMessage(tx, conversationId, userId, null);
      await addAttachment(tx, { id: attachmentId, conversationId, messageId, contentType: type, sizeBytes: bytes.byteLength });
      const row = await visibleConversation(tx, conversationId);
      const { messages, attachments } = await threadOf(tx, conversationId);
      return { ...serializeConversation(row), messages: messages.map((m) => serializeMessage(m, attachments)) };
    }).catch((err: unknown) => {
      c.executionCtx.waitUntil(bucket.delete(key).catch(() => undefined));
      throw err;
    });
    return c.json(thread, 201);
  });

  app.openapi(screenshotUrlRoute, async (c) => {
    const { attachmentId } = c.req.valid("param");
    const found = await asHelpUser(c, (tx) => findAttachment(tx, attachmentId));
    if (!found) throw noAttachment(attachmentId);
    return c.json(await fileUrl(c, attachmentId), 200);
  });

  app.openapi(adminScreenshotUrlRoute, async (c) => {
    const { attachmentId } = c.req.valid("param");
    await asPlatformAdmin(c, async (tx, adminId) => {
      const found = await findAttachment(tx, attachmentId);
      if (!found) throw noAttachment(attachmentId);
      await recordAudit(tx, {
        actor: { type: "platform_admin", id: adminId },
        action: "help.file_url_issued",
        target: { type: "help_attachment", id: attachmentId },
        metadata: { conversation_id: found.conversationId },
        client: clientInfo(c),
      });
    });
    return c.json(await fileUrl(c, attachmentId), 200);
  });
}
