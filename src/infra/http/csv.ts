import { openDb, type DbBindings, type Tx } from "../db/client";
import { withPrincipal, type Principal } from "../db/principal";

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
 * The rows are read on a connection of the stream's own, because the request's pool closes
 * when the handler returns, long before a large download ends.
 */
export function csvDownload<Row extends { id: string }>(env: DbBindings, principal: Principal, table: CsvExport<Row>): Response {
  const encoder = new TextEncoder();
  const lines = pagesOfLines(env, principal, table);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(table.header));
    },
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else if (next.value) controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        console.error(JSON.stringify({ level: "error", message: `${table.name} export failed mid-stream`, error: String(err) }));
        controller.error(err);
      }
    },
    async cancel() {
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

/** The CSV text of each page; the connection closes when the last page is read, on an error, or when the client goes away. */
async function* pagesOfLines<Row extends { id: string }>(env: DbBindings, principal: Principal, table: CsvExport<Row>): AsyncGenerator<string, void, undefined> {
  const { db, close } = openDb(env);
  try {
    let before: string | undefined;
    for (;;) {
      const rows = await withPrincipal(db, principal, (tx) => table.page(tx, { limit: PAGE_SIZE, before }));
      yield rows.map(table.line).join("");
      // The page query reads one row past the limit to tell whether more exist; that row is
      // written too, and the next page starts after it.
      if (rows.length <= PAGE_SIZE) return;
      before = rows[rows.length - 1]!.id;
    }
  } finally {
    await close().catch(() => {});
  }
}
