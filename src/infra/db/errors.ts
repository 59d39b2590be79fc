/** Postgres error of a query, unwrapping drizzle's DrizzleQueryError. */
function pgError(err: unknown): { code?: string; constraint?: string } | undefined {
  let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 3; depth++) {
    if (typeof e.code === "string") return e;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** True when `err` is a unique violation (optionally of one named constraint or index). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = pgError(err);
  return pg?.code === "23505" && (constraint === undefined || pg.constraint === constraint);
}

/**
 * What of an error may be logged. A failed query must never log its parameters: they
 * hold message bodies, email addresses, tokens. drizzle's DrizzleQueryError puts them in
 * its `message` (`Failed query: …\nparams: …`) and so in its `stack`, and Postgres' `detail`
 * ("Failing row contains (…)", "Key (email)=(…)") repeats row values. So for a database
 * error this keeps the error's name, the Postgres code, constraint, table and column, the
 * Postgres message with quoted values blanked, and drizzle's query text (placeholders
 * `$1`, never the values). Any other error keeps its name and first message line.
 */
export interface LoggableError {
  name: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The SQL with `$n` placeholders, no parameters. */
  query?: string;
  /** Call sites only: the stack without its message lines (which would repeat the parameters). */
  stack?: string;
}

export function loggableError(err: unknown): LoggableError {
  const name = err instanceof Error ? (err.name && err.name !== "Error" ? err.name : err.constructor.name) : typeof err;
  const query = queryText(err);
  const pg = pgError(err) as { code?: string; message?: string; constraint?: string; table?: string; column?: string } | undefined;
  const stack = err instanceof Error && err.stack ? callSites(err.stack) : undefined;
  if (pg || query !== undefined) {
    const cause = (err as { cause?: unknown }).cause;
    const message = pg?.message ?? (cause instanceof Error ? cause.message : "query failed");
    return {
      name,
      message: blankValues(firstLine(message)),
      ...(pg?.code && { code: pg.code }),
      ...(pg?.constraint && { constraint: pg.constraint }),
      ...(pg?.table && { table: pg.table }),
      ...(pg?.column && { column: pg.column }),
      ...(query !== undefined && { query }),
      ...(stack && { stack }),
    };
  }
  return { name, message: firstLine(err instanceof Error ? err.message : String(err)), ...(stack && { stack }) };
}

/** A loggable one-liner for a failed query: the Postgres code and message (values blanked), never the SQL's parameters. */
export function describeDbError(err: unknown): string {
  const e = loggableError(err);
  return e.code ? `${e.code}: ${e.message}` : e.message;
}

/** drizzle's query text, from a DrizzleQueryError anywhere in the cause chain. */
function queryText(err: unknown): string | undefined {
  let e = err as { query?: unknown; params?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 3; depth++) {
    if (typeof e.query === "string" && Array.isArray(e.params)) return e.query.slice(0, 2000);
    e = e.cause as typeof e;
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.slice(0, 300);
}

const IDENTIFIER_BEFORE = /(relation|constraint|column|table|function|type|index|schema|policy|sequence|trigger|view|role|database|extension)\s$/i;

/**
 * Postgres quotes both identifiers (`relation "users"`) and offending values
 * (`invalid input syntax for type uuid: "…"`, `value "…" is out of range`): keep the
 * former, blank the rest.
 */
function blankValues(message: string): string {
  return message.replace(/"[^"]*"/g, (quoted, offset: number) => (IDENTIFIER_BEFORE.test(message.slice(0, offset)) ? quoted : '"…"'));
}

/** The stack's `at …` lines only: the first lines repeat the message. */
function callSites(stack: string): string | undefined {
  const lines = stack.split("\n").filter((l) => /^\s+at /.test(l));
  return lines.length ? lines.join("\n") : undefined;
}
