import type { Context } from "hono";

export interface ClientInfo {
  /** Cloudflare sets CF-Connecting-IP and overwrites any client-sent value. */
  ip: string;
  userAgent: string | null;
}

export function clientInfo(c: Context): ClientInfo {
  return {
    ip: c.req.header("cf-connecting-ip") ?? "unknown",
    userAgent: c.req.header("user-agent")?.slice(0, 400) ?? null,
  };
}
