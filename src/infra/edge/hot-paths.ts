/**
 * Recognizes the edge's hot paths from the raw URL string, without parsing it: a redirect
 * `/c/{code}`, an S2S event `/v1/track/{type}` or a gateway webhook
 * `/webhooks/{gateway}/{connection_id}` (POST, and GET for Braintree's URL check), or a
 * payouts Stripe webhook `/webhooks/payouts/stripe[-connect]` (POST). Anything else is the router's.
 */
export type HotPath =
  | { kind: "redirect"; code: string }
  | { kind: "ingest"; type: string }
  | { kind: "gateway"; gateway: string; connectionId: string }
  | { kind: "payouts"; route: "platform" | "connect" };

export function hotPath(method: string, url: string): HotPath | undefined {
  const pathAt = url.indexOf("/", url.indexOf("//") + 2);
  const queryAt = url.indexOf("?", pathAt);
  const rest = (prefix: string) => url.slice(pathAt + prefix.length, queryAt < 0 ? undefined : queryAt);
  if ((method === "GET" || method === "HEAD") && url.startsWith("/c/", pathAt)) return { kind: "redirect", code: rest("/c/") };
  if (method === "POST" && url.startsWith("/v1/track/", pathAt)) return { kind: "ingest", type: rest("/v1/track/") };
  if (method === "POST" && url.startsWith("/webhooks/payouts/", pathAt)) {
    const path = rest("/webhooks/payouts/");
    if (path === "stripe") return { kind: "payouts", route: "platform" };
    if (path === "stripe-connect") return { kind: "payouts", route: "connect" };
  }
  // GET: Braintree's URL check (`?bt_challenge=`); the handler refuses it for the others.
  if ((method === "POST" || method === "GET") && url.startsWith("/webhooks/", pathAt)) {
    const path = rest("/webhooks/");
    const slash = path.indexOf("/");
    return slash < 0 ? { kind: "gateway", gateway: path, connectionId: "" } : { kind: "gateway", gateway: path.slice(0, slash), connectionId: path.slice(slash + 1) };
  }
  return undefined;
}
