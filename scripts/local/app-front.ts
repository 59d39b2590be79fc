import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { PortTaken } from "./ports";

/**
 * The public app port of the local stack. Cloudflare serves the dashboard's files from the
 * asset store and runs the app worker only for the `run_worker_first` paths of
 * wrangler.toml; this does the same, but reads `web/dist` from disk on every request, so
 * the dashboard watcher's rebuilds show up without reloading the runtime (whose queues
 * live in memory: see runtime.ts). Everything else is forwarded byte for byte.
 */
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** `/v1/*` matches `/v1/` and below; other patterns match exactly (Cloudflare's rules). */
export function isWorkerFirst(pathname: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith("/*") ? pathname.startsWith(p.slice(0, -1)) : pathname === p));
}

async function fileIn(dist: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const path = normalize(join(dist, decoded));
  if (path !== dist && !path.startsWith(dist + sep)) return undefined;
  const candidates = decoded.endsWith("/") ? [join(path, "index.html")] : [path, `${path}.html`];
  for (const candidate of candidates) {
    const s = await stat(candidate).catch(() => undefined);
    if (s?.isFile()) return candidate;
  }
  return undefined;
}

function sendFile(res: ServerResponse, path: string, method: string): void {
  res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-cache" });
  if (method === "HEAD") res.end();
  else createReadStream(path).pipe(res);
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
  });
  upstream.on("error", (err) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`app worker unreachable: ${err.message}`);
  });
  req.pipe(upstream);
}

export async function startAppFront(opts: { port: number; dist: string; workerUrl: string; workerFirst: string[] }): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(opts.workerUrl);
  const dist = normalize(opts.dist);
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://front").pathname;
    const method = req.method ?? "GET";
    if (isWorkerFirst(pathname, opts.workerFirst) || (method !== "GET" && method !== "HEAD")) return forward(req, res, target);
    void fileIn(dist, pathname).then(async (file) => {
      if (file) return sendFile(res, file, method);
      // single-page-application: navigations to unknown paths get the app shell.
      const index = await fileIn(dist, "/index.html");
      if (index && !extname(pathname)) return sendFile(res, index, method);
      forward(req, res, target);
    });
  });
  await new Promise<void>((ok, fail) =>
    server.once("error", (err: NodeJS.ErrnoException) => fail(err.code === "EADDRINUSE" ? new PortTaken(`port ${opts.port} is taken, so the app cannot listen on it: stop what uses it or pick another port (REKOMI_APP_PORT=…).`) : err)).listen(opts.port, "127.0.0.1", ok),
  );
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
