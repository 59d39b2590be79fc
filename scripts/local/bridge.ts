import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect } from "node:net";
import pg from "pg";
import { WebSocketServer, createWebSocketStream } from "ws";
import { PortTaken } from "./ports";

/**
 * The local stand-in for Neon's two ways in, against a real Postgres. Only the configured
 * database is reachable, as the role its connection string names (rekomi_app for the
 * workers), so RLS applies exactly as it does on Neon.
 *
 * - WebSocket `/v1?address=host:port` (the app worker: the driver's Pool speaks the
 *   Postgres wire protocol over it): the bytes are piped to Postgres over TCP.
 * - `POST /sql` (the edge worker's tagged SQL, src/infra/edge/sql.ts, which speaks the
 *   protocol of the driver's `neon()`): runs the query, or the batch in one transaction,
 *   and answers as Neon's SQL-over-HTTP endpoint does in raw text, array mode.
 */
export async function startDbBridge(port: number, allowedTargets: string[]): Promise<{ port: number; close(): Promise<void> }> {
  const pools = new Map<string, pg.Pool>();
  const server: Server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/sql") return void serveSql(req, res, allowedTargets, pools);
    res.writeHead(426).end("websocket only");
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws, req) => {
    const address = new URL(req.url ?? "/", "http://bridge").searchParams.get("address") ?? "";
    if (!allowedTargets.includes(address)) {
      ws.close(1008, "target not allowed");
      return;
    }
    const [host, portText] = address.split(":");
    const socket = connect(Number(portText), host!);
    const stream = createWebSocketStream(ws);
    socket.setNoDelay(true);
    stream.pipe(socket).pipe(stream);
    const end = () => {
      socket.destroy();
      stream.destroy();
    };
    socket.on("error", end);
    stream.on("error", end);
  });
  await new Promise<void>((ok, fail) =>
    server
      .once("error", (err: NodeJS.ErrnoException) => fail(err.code === "EADDRINUSE" ? new PortTaken(`port ${port} is taken, so the database bridge cannot listen on it: stop what uses it or pick another port (REKOMI_BRIDGE_PORT=…).`) : err))
      .listen(port, "127.0.0.1", ok),
  );
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: async () => {
      await new Promise<void>((ok) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => ok());
      });
      await Promise.all([...pools.values()].map((pool) => pool.end().catch(() => {})));
    },
  };
}

/** Values stay Postgres text (the client parses them, as with `Neon-Raw-Text-Output: true`). */
const RAW_TEXT = { getTypeParser: () => (text: string) => text };

/** Neon's batch options (headers `Neon-Batch-*`) → the BEGIN that applies them. */
const ISOLATION: Record<string, string> = { ReadUncommitted: "read uncommitted", ReadCommitted: "read committed", RepeatableRead: "repeatable read", Serializable: "serializable" };

type QueryData = { query: string; params?: unknown[] };

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" }).end(text);
}

async function run(client: pg.Pool | pg.PoolClient, q: QueryData) {
  const result = await client.query({ text: q.query, values: q.params ?? [], rowMode: "array", types: RAW_TEXT });
  return { command: result.command, rowCount: result.rowCount, fields: result.fields, rows: result.rows, rowAsArray: true };
}

/**
 * Never rejects: it runs detached from the server's callback, where a rejection (a client
 * that went away while sending its body, say) would be unhandled and end the dev server,
 * the tests or the bench.
 */
async function serveSql(req: IncomingMessage, res: ServerResponse, allowedTargets: string[], pools: Map<string, pg.Pool>): Promise<void> {
  try {
    await answerSql(req, res, allowedTargets, pools);
  } catch (err) {
    if (res.headersSent || res.destroyed) return void res.destroy();
    try {
      answer(res, 500, `bridge: ${err instanceof Error ? err.message : String(err)}`);
    } catch {
      res.destroy();
    }
  }
}

async function answerSql(req: IncomingMessage, res: ServerResponse, allowedTargets: string[], pools: Map<string, pg.Pool>): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const connectionString = String(req.headers["neon-connection-string"] ?? "");
  const url = URL.canParse(connectionString) ? new URL(connectionString) : null;
  if (!url || !allowedTargets.includes(`${url.hostname}:${url.port || 5432}`)) return answer(res, 400, { message: "target not allowed" });
  if (req.headers["neon-raw-text-output"] !== "true" || req.headers["neon-array-mode"] !== "true") {
    return answer(res, 400, { message: "the local bridge serves only Neon-Raw-Text-Output: true with Neon-Array-Mode: true" });
  }
  let pool = pools.get(connectionString);
  if (!pool) {
    pool = new pg.Pool({ connectionString, max: 8 });
    pool.on("error", () => {}); // an idle connection dropped: the next query opens another
    pools.set(connectionString, pool);
  }
  let body: QueryData & { queries?: QueryData[] };
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return answer(res, 400, { message: "invalid JSON body" });
  }
  try {
    if (!body.queries) return answer(res, 200, await run(pool, body));
    const isolation = ISOLATION[String(req.headers["neon-batch-isolation-level"])];
    const client = await pool.connect();
    try {
      await client.query(`begin${isolation ? ` isolation level ${isolation}` : ""}${req.headers["neon-batch-read-only"] === "true" ? " read only" : ""}`);
      const results = [];
      for (const q of body.queries) results.push(await run(client, q));
      await client.query("commit");
      answer(res, 200, { results });
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  } catch (err) {
    // A Postgres error: 400 with its fields, as Neon answers (the driver copies them onto its error).
    if (err instanceof pg.DatabaseError) return answer(res, 400, { ...err, message: err.message });
    answer(res, 502, `bridge: ${err instanceof Error ? err.message : String(err)}`);
  }
}
