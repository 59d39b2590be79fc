import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "./client";

/**
 * A multi-row insert whose rows travel as ONE JSON parameter, read back into the table's
 * row type by `json_populate_recordset`, for the events consumer's batches (hundreds of
 * rows of 20–30 columns). Drizzle's `insert().values(rows)` binds every value as its own
 * parameter and builds the statement walking each of them: for a batch of 100 conversions
 * that cost more CPU in the worker than Postgres spent inserting them. Same statement
 * otherwise (the same principal, RLS checks, constraints, triggers, ON CONFLICT DO NOTHING),
 * and the returned rows are mapped as drizzle maps them (`mapFromDriverValue`).
 *
 * Every row must set the same columns (undefined = left out): a column missing from one
 * row would be NULL there, not its default. Columns left out of all rows take their
 * defaults. Rows are inserted in the order given. `returning`: the columns to read back
 * (the others are absent from the rows returned); all by default.
 */
/**
 * Rows that cannot be inserted as given (a bug in the caller, not the database's state):
 * it carries SQLSTATE 22023 (invalid_parameter_value) so that the queue consumers count it
 * as permanent (src/infra/jobs/retry.ts) and isolate the message at once instead of
 * retrying the whole batch with backoff.
 */
export class RowShapeError extends Error {
  override name = "RowShapeError";
  readonly code = "22023";
}

export async function insertMany<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: T["$inferInsert"][],
  opts: { onConflictDoNothing?: boolean; returning?: (keyof T["$inferSelect"] & string)[] } = {},
): Promise<T["$inferSelect"][]> {
  if (rows.length === 0) return [];
  const columns = columnsOf(table);
  const first = rows[0] as Record<string, unknown>;
  const keys = new Set(Object.keys(first).filter((k) => first[k] !== undefined));
  const used = columns.filter((c) => keys.has(c.key));
  if (used.length !== keys.size) throw new RowShapeError(`insertMany(${getTableName(table)}): unknown column in ${[...keys].join(", ")}`);
  const payload = rows.map((row, i) => {
    const r = row as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const { key, name, json, column } of used) {
      const value = r[key];
      if (value === undefined) throw new RowShapeError(`insertMany(${getTableName(table)}): row ${i} leaves ${key} out, row 0 sets it`);
      // JSON would turn NaN and ±Infinity into null, where a bound parameter makes Postgres refuse the row.
      if (typeof value === "number" && !Number.isFinite(value)) throw new RowShapeError(`insertMany(${getTableName(table)}): row ${i} sets ${key} to ${value}`);
      // JSON columns travel as JSON (mapToDriverValue would make them a JSON string); the rest as the driver would send them.
      out[name] = value === null ? null : json ? value : value instanceof Date ? value.toISOString() : column.mapToDriverValue(value);
    }
    let set = 0;
    for (const k in r) if (r[k] !== undefined) set++;
    if (set !== keys.size) throw new RowShapeError(`insertMany(${getTableName(table)}): row ${i} sets a column row 0 leaves out`);
    return out;
  });
  const names = sql.raw(used.map((c) => `"${c.name}"`).join(", "));
  const conflict: SQL = opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  const back = opts.returning ? columns.filter((c) => opts.returning!.includes(c.key)) : columns;
  const returning = back.length === 0 ? sql`` : sql` returning ${sql.raw(opts.returning ? back.map((c) => `"${c.name}"`).join(", ") : "*")}`;
  const result = await tx.execute(
    sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(payload)}::json)${conflict}${returning}`,
  );
  if (back.length === 0) return [];
  return (result as unknown as { rows: Record<string, unknown>[] }).rows.map((raw) => mapRow(back, raw) as T["$inferSelect"]);
}

/**
 * A row of `table` as drizzle would return it, from its columns by SQL name: a raw
 * statement's row, or `to_jsonb(row)` (several reads answered by one statement).
 */
export function readRow<T extends PgTable>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  return mapRow(columnsOf(table), raw) as T["$inferSelect"];
}

function mapRow(columns: Column[], raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const { key, name, column } of columns) {
    const value = raw[name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row;
}

interface Column {
  key: string;
  /** Its name in SQL (snake_case unless named explicitly). */
  name: string;
  json: boolean;
  column: PgColumn;
}

const tableColumns = new WeakMap<PgTable, Column[]>();

function columnsOf(table: PgTable): Column[] {
  let columns = tableColumns.get(table);
  if (!columns) {
    columns = (Object.entries(getTableColumns(table)) as [string, PgColumn][]).map(([key, column]) => ({
      key,
      name: column.keyAsName ? toSnakeCase(column.name) : column.name,
      json: column.getSQLType().startsWith("json"),
      column,
    }));
    tableColumns.set(table, columns);
  }
  return columns;
}
