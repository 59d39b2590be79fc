import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

/** Rows of a raw `db.execute` (SECURITY DEFINER functions and other hand-written statements); pg-style `{ rows }`. */
export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A text[] parameter (a JS array in `sql` would expand to a list of parameters). */
export function textArray(values: readonly string[]): SQL {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`}::text[]`;
}
