import type { IncomingMessage, ServerResponse } from "node:http";
import type { Call, Route, StandInContext } from "./context";
import { StripeApiError } from "./errors";
import { expandResponse } from "./expand";
import { parseForm, type FormParams } from "./form";
import { IdempotencyKeys } from "./idempotency";
import { base62 } from "./ids";
import { runControl } from "./control";
import { servePage } from "./pages";

/** One API request as the stand-in received and answered it. */
export interface RecordedRequest {
  method: string;
  path: string;
  params: FormParams;
  /** `Stripe-Account`, or null for the platform. */
  account: string | null;
  idempotencyKey: string | null;
  requestId: string;
  status: number;
  /** True when the answer was a saved idempotent result. */
  replayed: boolean;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

function compile(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/:([a-z]+)/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { ...route, pattern: new RegExp(`^${source}$`), names };
  });
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((ok, fail) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => ok(body));
    req.on("error", fail);
  });

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string>): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body, null, 2));
}

/**
 * The HTTP side of the Stripe stand-in: API-key check, `Stripe-Account` scoping, form and query
 * parsing, routing, idempotency, `expand[]`, Stripe's error envelope, and a record of every call.
 * Requests run one at a time (each handler is synchronous once the body is read).
 */
export function stripeRequestHandler(ctx: StandInContext, routes: Route[], requests: RecordedRequest[]) {
  const table = compile(routes);
  const keys = new IdempotencyKeys();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", ctx.baseUrl);
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    if (url.pathname.startsWith("/_stand-in/control/")) {
      const answer = await runControl(method, url.pathname.slice("/_stand-in/control/".length), raw, ctx, requests);
      send(res, answer.status, answer.body as object, {});
      return;
    }
    if (url.pathname.startsWith("/_stand-in/") && servePage(method, url, ctx, res)) return;
    const requestId = `req_${base62(14)}`;
    const account = headerOf(req, "stripe-account");
    const idempotencyKey = method === "POST" ? headerOf(req, "idempotency-key") : null;
    const params = parseForm(method === "POST" ? raw : url.search.slice(1));
    const headers: Record<string, string> = { "request-id": requestId, "stripe-version": headerOf(req, "stripe-version") ?? ctx.events.apiVersion };
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    const record = (status: number, replayed: boolean) => requests.push({ method, path: url.pathname, params, account, idempotencyKey, requestId, status, replayed });

    try {
      authenticate(req, account, ctx);
      const found = route(table, method, url.pathname);
      permit(req, url.pathname, ctx);
      if (idempotencyKey) {
        const saved = keys.replay(account, idempotencyKey, method, url.pathname, params);
        if (saved) {
          record(saved.status, true);
          send(res, saved.status, saved.body, { ...headers, "idempotent-replayed": "true", "original-request": saved.requestId });
          return;
        }
      }
      const call: Call = { params, owner: account, path: found.path, request: { id: requestId, idempotencyKey } };
      let status = 200;
      let body: object;
      try {
        body = expandResponse(found.route.run(call, ctx), params, ctx.store, account);
      } catch (error) {
        if (!(error instanceof StripeApiError) || !error.saved) throw error;
        status = error.status;
        body = { error: { ...error.body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } };
      }
      if (idempotencyKey) keys.save(account, idempotencyKey, { method, path: url.pathname, params, status, body, requestId });
      record(status, false);
      send(res, status, body, headers);
    } catch (error) {
      const failure = error instanceof StripeApiError ? error : new StripeApiError(500, { type: "api_error", message: `The stand-in failed: ${(error as Error).message}` });
      record(failure.status, false);
      send(res, failure.status, { error: failure.body }, headers);
    }
  };
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : null;
}

/** Any `sk_test_…` / `rk_test_…` key is accepted; a live key is refused, as are unknown accounts. */
function authenticate(req: IncomingMessage, account: string | null, ctx: StandInContext): void {
  const auth = headerOf(req, "authorization");
  const key = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
  if (!key) {
    throw new StripeApiError(401, { type: "invalid_request_error", message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/." });
  }
  if (!/^(sk|rk)_test_\w+$/.test(key)) {
    throw new StripeApiError(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)} (the stand-in takes test-mode keys only)` });
  }
  if (account && !ctx.store.find(account, "account", null)) {
    throw new StripeApiError(403, { type: "invalid_request_error", code: "account_invalid", message: `The provided key '${key.slice(0, 8)}***${key.slice(-4)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.` });
  }
}

/** A restricted key reaches only the resources it was given (`restrictKey`); Stripe answers others with 403, which the SDK raises as StripePermissionError. */
function permit(req: IncomingMessage, pathname: string, ctx: StandInContext): void {
  const key = headerOf(req, "authorization")!.slice(7);
  const allowed = ctx.restrictedKeys.get(key);
  const resource = pathname.split("/")[2] ?? "";
  if (!allowed || allowed.includes(resource)) return;
  throw new StripeApiError(403, {
    type: "invalid_request_error",
    message: `The provided key '${key.slice(0, 8)}***${key.slice(-4)}' does not have the required permissions for this endpoint on account 'acct_standin'. Having the 'rak_${resource}_write' permission would allow this request to continue.`,
  });
}

function route(table: CompiledRoute[], method: string, pathname: string): { route: CompiledRoute; path: Record<string, string> } {
  for (const candidate of table) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(pathname);
    if (match) return { route: candidate, path: Object.fromEntries(candidate.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)])) };
  }
  throw new StripeApiError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` });
}
