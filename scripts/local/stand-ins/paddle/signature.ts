import { createHmac } from "node:crypto";

/**
 * Paddle's `Paddle-Signature` header: `ts=<unix seconds>;h1=<hex HMAC-SHA256 of "ts:body">`,
 * keyed with the destination's `endpoint_secret_key`.
 */
export function paddleSignature(body: string, secret: string, ts = Math.floor(Date.now() / 1000)): string {
  const h1 = createHmac("sha256", secret).update(`${ts}:${body}`).digest("hex");
  return `ts=${ts};h1=${h1}`;
}
