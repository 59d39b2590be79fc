import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../infra/api/types";
import { recordAudit } from "../audit/log";
import { clientInfo } from "../auth/client-info";
import { withBrand } from "../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { commonErrors, errorResponse, idParam, jsonResponse } from "../infra/http/schemas";
import { listDeadLetters, replayDeadLetter, replayQueues } from "./queries";
import { DeadLetter, serializeDeadLetter } from "./schemas";

const REPLAY_DESCRIPTION =
  "Sends the stored message back to its queue. Processing is idempotent (an event is recorded at most once under its id), so replaying twice is replaying once; `stored` turns true once the event is recorded.";

export const listDeadLettersRoute = createRoute({
  method: "get",
  path: "/v1/dead-letters",
  tags: ["Dead letters"],
  summary: "List dead letters",
  description: "Events (and click batches, webhook deliveries) that were accepted but could not be stored, newest first, with the error. Nothing accepted is dropped: it is here until replayed.",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(DeadLetter), "A page of dead letters."), ...commonErrors },
});

export const replayDeadLetterRoute = createRoute({
  method: "post",
  path: "/v1/dead-letters/{id}/replay",
  tags: ["Dead letters"],
  summary: "Replay a dead letter",
  description: REPLAY_DESCRIPTION,
  security: bearer,
  request: { params: idParam("dlt") },
  responses: { 200: jsonResponse(DeadLetter, "The dead letter, replay counted."), ...commonErrors, 503: errorResponse("The queue did not take the message; retry.") },
});

export function registerDeadLetterRoutes(app: V1App) {
  app.openapi(listDeadLettersRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) => listDeadLetters(tx, { limit, before: decodeCursor(cursor), withStored: true }));
    return c.json(toPage(rows, limit, serializeDeadLetter), 200);
  });
  app.openapi(replayDeadLetterRoute, async (c) => {
    const { id } = c.req.valid("param");
    const brandId = c.var.brand.id;
    const row = await withBrand(c.var.db(), brandId, async (tx) => {
      const replayed = await replayDeadLetter(tx, replayQueues(c.var.config), id, "id");
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: c.var.brand.keyId }, action: "dead_letter.replayed", target: { type: "dead_letter", id }, client: clientInfo(c) });
      return replayed;
    });
    return c.json(serializeDeadLetter(row), 200);
  });
}
