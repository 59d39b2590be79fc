import { createServer } from "node:net";
import { SetupError } from "./setup-error";

/** A TCP port that was free a moment ago on loopback. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/**
 * Fails with one line per problem before anything starts: a taken port, named with the
 * variable that moves it (port 0 means "any", always free).
 */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    if (port === 0) continue;
    const free = await new Promise<boolean>((ok) => {
      const srv = createServer();
      srv.once("error", () => ok(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => ok(true)));
    });
    if (!free) throw new SetupError(`port ${port} is already taken: stop what uses it, or pick another with ${variable}=… (e.g. ${variable}=${port + 10000 <= 65535 ? port + 10000 : port - 10000}).`);
  }
}
