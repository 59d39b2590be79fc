import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * `__Host-` cookies: the browser accepts them only with Secure, Path=/ and no Domain, so
 * no subdomain can plant or overwrite them. HttpOnly keeps them from scripts; SameSite=Lax
 * keeps them off cross-site subrequests (writes are also origin-checked, see csrf.ts).
 * Chromium treats http://127.0.0.1 and http://localhost as secure, so the same names work
 * in local dev (the browser test proves it).
 */
export const SESSION_COOKIE = "__Host-rekomi_session";
export const DEVICE_COOKIE = "__Host-rekomi_device";

const BASE = { httpOnly: true, secure: true, sameSite: "Lax", path: "/" } as const;

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}

export function writeCookie(c: Context, name: string, value: string, expiresAt: Date): void {
  setCookie(c, name, value, { ...BASE, expires: expiresAt, maxAge: Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) });
}

export function clearCookie(c: Context, name: string): void {
  deleteCookie(c, name, BASE);
}
