import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { WebSocketServer, createWebSocketStream } from "ws";
import { SetupError } from "./setup-error";

/**
 * The local stand-in for Neon's WebSocket proxy: the Neon serverless driver inside workerd
 * speaks the Postgres wire protocol over a WebSocket to `/v1?address=host:port`, and this
 * pipes those bytes to a real Postgres over TCP. Only the configured database is reachable.
 */
export async function startDbBridge(port: number, allowedTargets: string[]): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(426).end("websocket only"));
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
      .once("error", (err: NodeJS.ErrnoException) => fail(err.code === "EADDRINUSE" ? new SetupError(`port ${port} is taken, so the database bridge cannot listen on it: stop what uses it or pick another port (REKOMI_BRIDGE_PORT=…).`) : err))
      .listen(port, "127.0.0.1", ok),
  );
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () =>
      new Promise<void>((ok) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => ok());
      }),
  };
}
