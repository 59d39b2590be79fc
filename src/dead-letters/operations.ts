import { brandOperation } from "../infra/api/operation";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { listDeadLetters, replayDeadLetter, replayQueues } from "./queries";
import { DeadLetter, serializeDeadLetter } from "./schemas";

/** A brand's dead letters, on /v1 and in the dashboard's Developers page (staff's are in ./admin.ts). */

const tags = ["Dead letters"];

export const listDeadLettersOperation = brandOperation({
  id: "listDeadLetters",
  permission: "developers.view",
  method: "get",
  path: "/dead-letters",
  tags,
  summary: "List dead letters",
  description:
    "Events (and click batches, webhook deliveries) that were accepted but could not be stored, newest first, with the error. Nothing accepted is dropped: it is here until replayed.",
  request: { query: PageQuery },
  response: { status: 200, schema: pageSchema(DeadLetter), description: "A page of dead letters." },
  async handler(ctx, { query: { limit, cursor } }) {
    const rows = await ctx.run((tx) => listDeadLetters(tx, { limit, before: decodeCursor(cursor), withStored: true }));
    return toPage(rows, limit, serializeDeadLetter);
  },
});

export const replayDeadLetterOperation = brandOperation({
  id: "replayDeadLetter",
  permission: "developers.manage",
  method: "post",
  path: "/dead-letters/{deadLetterId}/replay",
  tags,
  summary: "Replay a dead letter",
  description:
    "Sends the stored message back to its queue. Processing is idempotent (an event is recorded at most once under its id), so replaying twice is replaying once; `stored` turns true once the event is recorded.",
  request: { params: idParams({ deadLetterId: "dlt" }) },
  response: { status: 200, schema: DeadLetter, description: "The dead letter, replay counted." },
  errors: { 503: "The queue did not take the message; retry." },
  handler: (ctx, { params: { deadLetterId } }) =>
    ctx.run(async (tx) => {
      const row = await replayDeadLetter(tx, replayQueues(ctx.config), deadLetterId);
      await ctx.audit(tx, { action: "dead_letter.replayed", target: { type: "dead_letter", id: deadLetterId } });
      return serializeDeadLetter(row);
    }),
});

export const deadLetterOperations = [listDeadLettersOperation, replayDeadLetterOperation];
