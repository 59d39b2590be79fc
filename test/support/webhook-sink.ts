import { createServer, type Server } from "node:http";

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  at: number;
}

/**
 * A real HTTP receiver for outbound webhook tests (the brand's endpoint). `POST /hooks/<name>`
 * records the request and answers `?status=` (default 200); `GET /received/<name>` returns
 * what arrived, so tests inside workerd can inspect deliveries over HTTP.
 */
export async function startWebhookSink(): Promise<{ url: string; close(): Promise<void> }> {
  const received = new Map<string, ReceivedRequest[]>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sink");
    const [, kind, name = ""] = url.pathname.split("/");
    if (req.method === "GET" && kind === "received") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received.get(name) ?? []));
      return;
    }
    if (req.method === "POST" && kind === "hooks") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        received.set(name, [...(received.get(name) ?? []), { headers, body, at: Date.now() }]);
        const status = Number(url.searchParams.get("status") ?? 200);
        res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "receiver error");
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** What a sink received under `name` (`POST /hooks/<name>`), oldest first. */
export async function received(sinkUrl: string, name: string): Promise<ReceivedRequest[]> {
  return (await fetch(`${sinkUrl}/received/${name}`)).json() as Promise<ReceivedRequest[]>;
}
