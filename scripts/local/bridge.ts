import { fork } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
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
  // workerd keeps its connections to the bridge open and reuses them (one per concurrent
  // subrequest): Node's 5 s default would close idle ones between bursts, and each new one
  // costs workerd a TCP handshake.
  server.keepAliveTimeout = 120_000;
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
  if (!pools.has(connectionString)) {
    // Checked once per connection string: a pool exists only for an allowed target.
    const url = URL.canParse(connectionString) ? new URL(connectionString) : null;
    if (!url || !allowedTargets.includes(`${url.hostname}:${url.port || 5432}`)) return answer(res, 400, { message: "target not allowed" });
  }
  if (req.headers["neon-raw-text-output"] !== "true" || req.headers["neon-array-mode"] !== "true") {
    return answer(res, 400, { message: "the local bridge serves only Neon-Raw-Text-Output: true with Neon-Array-Mode: true" });
  }
  let pool = pools.get(connectionString);
  if (!pool) {
    // As many as the edge's concurrent claims under the bench's 50 connections need without
    // queueing here (Neon's endpoint does not queue on 8 either); far below max_connections.
    pool = new pg.Pool({ connectionString, max: 16 });
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

/**
 * The bridge in a process of its own (the bench): in the process that also runs the load
 * generator, the bridge's event loop would wait behind autocannon's and the measured
 * worker's round trips would measure the harness. Ends with its parent.
 */
export async function startDbBridgeProcess(port: number, allowedTargets: string[]): Promise<{ port: number; pid: number; close(): Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [String(port), JSON.stringify(allowedTargets)], { execArgv: ["--import", import.meta.resolve("tsx")], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const listening = await new Promise<number>((ok, fail) => {
    child.once("message", (m: { port?: number; error?: string }) => (m.port ? ok(m.port) : fail(new Error(`the bridge process failed: ${m.error}`))));
    child.once("exit", (code) => fail(new Error(`the bridge process exited with ${code}`)));
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  return {
    port: listening,
    pid: child.pid!,
    close: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

// `startDbBridgeProcess`'s child: argv = port, JSON list of allowed targets.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const [portText, targets] = process.argv.slice(2);
  startDbBridge(Number(portText), JSON.parse(targets!) as string[]).then(
    (bridge) => {
      process.send!({ port: bridge.port });
      const stop = () => void bridge.close().finally(() => process.exit(0));
      process.once("SIGTERM", stop);
      process.once("disconnect", stop); // the parent went away
    },
    (err: unknown) => {
      process.send!({ error: String(err) }, () => process.exit(1));
    },
  );
}
