/**
 * Recognizes the edge's two hot paths from the raw URL string, without parsing it: a
 * redirect `/c/{code}` or an S2S event `/v1/track/{type}`. Anything else is the router's.
 */
export type HotPath = { kind: "redirect"; code: string } | { kind: "ingest"; type: string };

export function hotPath(method: string, url: string): HotPath | undefined {
  const pathAt = url.indexOf("/", url.indexOf("//") + 2);
  const queryAt = url.indexOf("?", pathAt);
  const rest = (prefix: string) => url.slice(pathAt + prefix.length, queryAt < 0 ? undefined : queryAt);
  if ((method === "GET" || method === "HEAD") && url.startsWith("/c/", pathAt)) return { kind: "redirect", code: rest("/c/") };
  if (method === "POST" && url.startsWith("/v1/track/", pathAt)) return { kind: "ingest", type: rest("/v1/track/") };
  return undefined;
}
