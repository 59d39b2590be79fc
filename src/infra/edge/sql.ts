/**
 * The edge's Postgres client: tagged SQL over one HTTP request per query (or per
 * transaction), speaking exactly the protocol of `neon()` in @neondatabase/serverless 1.2
 * (index.mjs: `neon`, its `execute` and `processQueryResult`), without the driver. The
 * driver is one pre-bundled file of 47 KB gzip that tree-shaking cannot trim, most of the
 * edge's 64 KiB budget; the edge needs only this request, a few type parsers and the error
 * fields. The app worker keeps the driver (a Pool over WebSockets) under Drizzle
 * (src/infra/db/client.ts).
 *
 * - `POST https://api.<host without its first label>/sql` (the driver's `fetchEndpoint`),
 *   or, locally, `http://<LOCAL_DB_BRIDGE>/sql`: scripts/local/bridge.ts answers it against
 *   the local Postgres the same way.
 * - Headers: `Neon-Connection-String` (DATABASE_URL: the role, rekomi_app, is the one the
 *   URL names, so RLS applies as on any connection), `Neon-Raw-Text-Output: true` (values
 *   in Postgres' text format, parsed here), `Neon-Array-Mode: true` (rows as arrays).
 * - Body `{ query, params }`, or `{ queries: [{ query, params }, …] }` for a transaction
 *   (Neon runs the batch in one transaction: `set_config(…, true)` then a query works).
 * - Answer `{ fields: [{ name, dataTypeID }], rows: [[text | null, …]] }`, or
 *   `{ results: [that, …] }` for a batch. HTTP 400: a Postgres error as JSON
 *   (`message`, `code`, `constraint`, …); any other failure status: a text body.
 */
import type { DbBindings } from "../db/client";

/** What a query may bind: sent as text, like the driver's `prepareValue` does for these. */
export type SqlParam = string | number | boolean | Date | null | undefined;
export type Row = Record<string, unknown>;

export type { DbBindings };

interface QueryData {
  query: string;
  params: (string | null)[];
}

interface Result {
  fields: { name: string; dataTypeID: number }[];
  rows: (string | null)[][];
}

/** A Postgres error answered by the SQL endpoint; `code` and `constraint` as node-postgres has them (src/infra/db/errors.ts reads them). */
export class SqlError extends Error {
  code?: string;
  constraint?: string;
  constructor(message: string, fields: Record<string, unknown> = {}) {
    super(message);
    this.name = "SqlError";
    if (typeof fields.code === "string") this.code = fields.code;
    if (typeof fields.constraint === "string") this.constraint = fields.constraint;
  }
}

/** One statement, run when awaited (like the driver's NeonQueryPromise), or passed to `transaction`. */
export class SqlQuery<R = Row> implements PromiseLike<R[]> {
  constructor(
    private readonly run: (q: QueryData) => Promise<Result>,
    readonly data: QueryData,
  ) {}
  then<A = R[], B = never>(ok?: ((rows: R[]) => A | PromiseLike<A>) | null, fail?: ((err: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.run(this.data).then((r) => rowsOf(r) as R[]).then(ok, fail);
  }
}

export interface Sql {
  <R = Row>(strings: TemplateStringsArray, ...params: SqlParam[]): SqlQuery<R>;
  /** The statements in one transaction (one request); their rows, in order. */
  transaction(queries: SqlQuery<unknown>[]): Promise<Row[][]>;
}

// Postgres type oids (pg_type) the edge's lookups return; any other type stays text.
const BOOL = 16, INT8 = 20, INT2 = 21, INT4 = 23, JSON_ = 114, FLOAT4 = 700, FLOAT8 = 701, TIMESTAMP = 1114, TIMESTAMPTZ = 1184, JSONB = 3802;

/** Text → JS as the driver's default pg-types do for these (int8 stays a string there too). */
function parse(type: number, text: string): unknown {
  switch (type) {
    case BOOL:
      return text === "t" || text === "true";
    case INT2:
    case INT4:
      return parseInt(text, 10);
    case FLOAT4:
    case FLOAT8:
      return parseFloat(text);
    case JSON_:
    case JSONB:
      return JSON.parse(text);
    case TIMESTAMPTZ:
    case TIMESTAMP:
      // `2026-12-07 20:51:53.123+00` → ISO 8601 (a timestamp without zone is UTC here, as the driver's parser reads it).
      return new Date(text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00") + (type === TIMESTAMP ? "Z" : ""));
    case INT8:
    default:
      return text;
  }
}

function rowsOf(result: Result): Row[] {
  const { fields, rows } = result;
  return rows.map((row) => {
    const out: Row = {};
    for (let i = 0; i < fields.length; i++) {
      const v = row[i];
      out[fields[i]!.name] = v === null || v === undefined ? null : parse(fields[i]!.dataTypeID, v);
    }
    return out;
  });
}

function param(v: SqlParam): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

/**
 * Local only: the bridge bound as an external service (the bench binds it; see
 * bench/run.ts). A global `fetch()` in Miniflare first runs its outbound worker (a second
 * isolate that copies the request's headers) before leaving workerd, which production
 * does not; through a binding the request goes straight to the bridge. Used only while
 * LOCAL_DB_BRIDGE is set too, so it can never carry DATABASE_URL anywhere else.
 */
export type EdgeDbBindings = DbBindings & { LOCAL_DB_BRIDGE_SERVICE?: Fetcher | undefined };

/** Everything a request needs that depends only on the configuration, built once per config. */
interface Endpoint {
  url: string;
  headers: Headers;
  send: (url: string, init: RequestInit) => Promise<Response>;
}

const endpoints = new WeakMap<DbBindings, Endpoint>();

/** The driver's `fetchEndpoint`, or the local bridge's, with the request's fixed headers. */
function endpointOf(config: EdgeDbBindings): Endpoint {
  let endpoint = endpoints.get(config);
  if (!endpoint) {
    const bridge = config.LOCAL_DB_BRIDGE;
    const service = bridge ? config.LOCAL_DB_BRIDGE_SERVICE : undefined;
    endpoint = {
      url: bridge ? `http://${bridge}/sql` : `https://${new URL(config.DATABASE_URL).hostname.replace(/^[^.]+\./, "api.")}/sql`,
      headers: new Headers({ "Neon-Connection-String": config.DATABASE_URL, "Neon-Raw-Text-Output": "true", "Neon-Array-Mode": "true" }),
      send: service ? (url, init) => service.fetch(url, init) : (url, init) => fetch(url, init),
    };
    endpoints.set(config, endpoint);
  }
  return endpoint;
}

async function post(config: EdgeDbBindings, body: unknown): Promise<unknown> {
  const endpoint = endpointOf(config);
  const res = await endpoint.send(endpoint.url, { method: "POST", body: JSON.stringify(body), headers: endpoint.headers });
  if (res.ok) return res.json();
  if (res.status === 400) {
    const error = (await res.json()) as Record<string, unknown>;
    throw new SqlError(String(error.message), error);
  }
  throw new SqlError(`Server error (HTTP status ${res.status}): ${(await res.text()).slice(0, 300)}`);
}

const clients = new WeakMap<DbBindings, Sql>();

/** `$1`-numbered text per call site: a tagged template's strings array is the same object on every call. */
const texts = new WeakMap<TemplateStringsArray, string>();

function queryText(strings: TemplateStringsArray): string {
  let text = texts.get(strings);
  if (text === undefined) {
    text = strings.reduce((q, s, i) => `${q}$${i}${s}`);
    texts.set(strings, text);
  }
  return text;
}

/**
 * A tagged-SQL client for the worker's DATABASE_URL, one per (parsed, per-isolate) config.
 * No connection to close: each query is one request.
 */
export function edgeSql(config: EdgeDbBindings): Sql {
  const cached = clients.get(config);
  if (cached) return cached;
  const run = (q: QueryData) => post(config, q) as Promise<Result>;
  const sql = <R = Row>(strings: TemplateStringsArray, ...params: SqlParam[]): SqlQuery<R> =>
    new SqlQuery<R>(run, { query: queryText(strings), params: params.map(param) });
  sql.transaction = async (queries: SqlQuery<unknown>[]) => {
    const { results } = (await post(config, { queries: queries.map((q) => q.data) })) as { results: Result[] };
    return results.map(rowsOf);
  };
  clients.set(config, sql);
  return sql;
}
