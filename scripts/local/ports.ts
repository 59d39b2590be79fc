import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { SetupError } from "./setup-error";

/**
 * The ports the kernel hands out on its own (to `listen(0)` and to outgoing connections'
 * source ports): a port picked from there can be taken again before we listen on it.
 */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux: the IANA range
  }
  return [49152, 65535];
}

/** A port someone else listens on: the caller may pick another and try again. */
export class PortTaken extends SetupError {}

function listenable(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const srv = createServer();
    srv.once("error", () => ok(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => ok(true)));
  });
}

/**
 * A TCP port that was free a moment ago on loopback, picked at random outside the kernel's
 * ephemeral range, so that no outgoing connection or `listen(0)` in a parallel test file can
 * take it before we listen (CI once lost a browser test file to that race).
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow, ephemeralHigh] = ephemeralRange();
  const [low, high] = ephemeralLow > 12_000 ? [10_000, ephemeralLow - 1] : [ephemeralHigh + 1, 65_535];
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await listenable(port)) return port;
  }
  throw new SetupError(`no free port found between ${low} and ${high} on 127.0.0.1.`);
}

/**
 * Fails with one line per problem before anything starts: a taken port, named with the
 * variable that moves it (port 0 means "any", always free).
 */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    if (port === 0) continue;
    if (!(await listenable(port))) throw new PortTaken(`port ${port} is already taken: stop what uses it, or pick another with ${variable}=… (e.g. ${variable}=${port + 10000 <= 65535 ? port + 10000 : port - 10000}).`);
  }
}
