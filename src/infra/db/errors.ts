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

/** A loggable one-liner for a failed query: the Postgres message, never the SQL or its parameters. */
export function describeDbError(err: unknown): string {
  const pg = pgError(err) as { code?: string; message?: string } | undefined;
  if (pg?.message) return `${pg.code ?? "?"}: ${pg.message}`;
  const cause = (err as { cause?: { message?: string } } | undefined)?.cause?.message;
  const message = cause ?? (err instanceof Error ? err.message : String(err));
  return message.split("\n")[0]!.slice(0, 300);
}
