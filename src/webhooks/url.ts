import { isSpecialPurposeAddress } from "./special-addresses";

/**
 * Endpoint URLs are chosen by brands, so they must not point the worker at internal
 * networks (SSRF). Only https to a public host is accepted, unless APP_ENV says exactly
 * `development` or `test`: then http and loopback are allowed too, so a local receiver
 * works. Anything else, an unset APP_ENV included, gets the production rules (fail
 * closed). Checked when an endpoint is saved and again before every delivery attempt.
 */
export function endpointUrlProblem(raw: string, appEnv: string | undefined): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (allowsLocalTargets(appEnv)) return /^https?:$/.test(url.protocol) ? null : "must be an http(s) URL";
  if (url.protocol !== "https:") return "must use https";
  return isPublicHost(url.hostname) ? null : "must be a public host";
}

/** Only an explicit development or test setting lets webhooks reach loopback and plain http. */
export function allowsLocalTargets(appEnv: string | undefined): boolean {
  return appEnv === "development" || appEnv === "test";
}

const INTERNAL_SUFFIXES = [".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp"];

/**
 * The URL parser has already normalised the host: IPv4 in any notation (`127.1`,
 * `0x7f000001`, `2130706433`) becomes dotted decimal, and IPv6 is bracketed hex.
 */
function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) return !isSpecialPurposeAddress(host.slice(1, -1));
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return !isSpecialPurposeAddress(host);
  if (host === "localhost" || INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return false;
  // A single label (`intranet`) can only resolve through a local search domain.
  return host.includes(".");
}
