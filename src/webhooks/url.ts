/**
 * Endpoint URLs are chosen by brands, so they must not point the worker at internal
 * networks (SSRF). Production accepts only https to public hosts; local development and
 * tests also accept http and loopback so a local receiver works.
 */
export function endpointUrlProblem(raw: string, appEnv: "development" | "test" | "production"): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (appEnv !== "production") return /^https?:$/.test(url.protocol) ? null : "must be an http(s) URL";
  if (url.protocol !== "https:") return "must use https";
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) return "must be a public host";
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) {
      return "must be a public host";
    }
  }
  if (host.includes(":") && (host === "::1" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80"))) return "must be a public host";
  return null;
}
