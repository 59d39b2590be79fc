import { openDb, type Db, type DbBindings, type Tx } from "../db/client";
import { readAs, type Principal } from "../db/principal";

/**
 * CSV (RFC 4180) downloads for spreadsheets, streamed. Text that a spreadsheet would run as
 * a formula (a creator's display name starting with `=`, an invoice id from a brand's
 * server) is prefixed with `'`; numbers are written as they are.
 */

type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: empty for null, quoted when it holds a comma, quote or line break. */
export function csvField(value: Cell, kind: "text" | "number" = "text"): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (kind === "text" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record of fields already written by `csvField`, with its CRLF. */
export function csvLine(fields: string[]): string {
  return `${fields.join(",")}\r\n`;
}

/** The header record of `columns`. */
export function csvHeader(columns: readonly string[]): string {
  return csvLine(columns.map((c) => csvField(c)));
}

/** Rows per page read while streaming: each page is one short transaction. */
const PAGE_SIZE = 500;

export interface CsvExport<Row extends { id: string }> {
  /** The download's name: `rekomi-conversions` becomes `rekomi-conversions-2026-11-25.csv`. */
  name: string;
  /** The header record (`csvHeader`). */
  header: string;
  /** Reads as the page queries do: newest first, ids below `before`, `limit + 1` rows. */
  page: (tx: Tx, keyset: { limit: number; before: string | undefined }) => Promise<Row[]>;
  line: (row: Row) => string;
}

/**
 * Answers every row of `table` as a CSV download: the header, then page after page (keyset
 * on the id) as the client reads them, each page in its own transaction as `principal`.
 * Given the request's database, the first page is read on it before answering (the
 * connection the session check already opened: what a person waits for is one page, not a
 * second connection); the pages after it are read on a connection of the stream's own,
 * opened only if there are more, because the request's pool closes when the handler
 * returns, long before a large download ends.
 */
export async function csvDownload<Row extends { id: string }>(env: DbBindings, principal: Principal, table: CsvExport<Row>, requestDb?: Db): Promise<Response> {
  const encoder = new TextEncoder();
  const first = requestDb ? await readAs(requestDb, principal, (tx) => table.page(tx, { limit: PAGE_SIZE, before: undefined })) : undefined;
  const lines = pagesOfLines(env, principal, table, first);
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(table.header + (first ? first.map(table.line).join("") : "")));
    },
    async pull(controller) {
      try {
        const next = await lines.next();
        // A client that went away mid-page cancelled the stream: nothing to write or report.
        if (cancelled) return;
        if (next.done) controller.close();
        else if (next.value) controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        if (cancelled) return;
        console.error(JSON.stringify({ level: "error", message: `${table.name} export failed mid-stream`, error: String(err) }));
        controller.error(err);
      }
    },
    async cancel() {
      cancelled = true;
      await lines.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${table.name}-${day}.csv"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/**
 * The CSV text of each page after `first` (every page when there is none); the connection
 * opens only when there is a page to read, and closes when the last page is read, on an
 * error, or when the client goes away.
 */
async function* pagesOfLines<Row extends { id: string }>(
  env: DbBindings,
  principal: Principal,
  table: CsvExport<Row>,
  first: Row[] | undefined,
): AsyncGenerator<string, void, undefined> {
  // The page query reads one row past the limit to tell whether more exist; that row is
  // written too, and the next page starts after it.
  if (first && first.length <= PAGE_SIZE) return;
  let before = first?.[first.length - 1]!.id;
  const { db, close } = openDb(env);
  try {
    for (;;) {
      const rows = await readAs(db, principal, (tx) => table.page(tx, { limit: PAGE_SIZE, before }));
      yield rows.map(table.line).join("");
      if (rows.length <= PAGE_SIZE) return;
      before = rows[rows.length - 1]!.id;
    }
  } finally {
    await close().catch(() => {});
  }
}
