import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { BraintreeValidationError, Ledger, UnmodelledSearchField, transactionXml, type BraintreeTransaction, type Merchant } from "./transactions";
import { readBody, xmlCollection, xmlDocument, type Params } from "./xml";

export type { BraintreeTransaction, Merchant };

export interface BraintreeRecordedRequest {
  method: string;
  path: string;
  /** The public key the request authenticated with (never the private key). */
  publicKey: string | null;
  apiVersion: string | null;
  contentType: string | null;
  body: unknown;
  status: number;
}

export interface BraintreeStandIn {
  /** Origin for `BRAINTREE_API_URL`; the SDK takes `new braintree.Environment(host, port, "", false)`. */
  url: string;
  host: string;
  port: number;
  requests: BraintreeRecordedRequest[];
  /** Registers a merchant and its API key pair (`{ merchant_id, public_key, private_key, currency_iso_code? }`). */
  addMerchant(input: Params): Merchant;
  /** Records a sale (`{ merchant_id, amount: "10.00", currency_iso_code?, status?, customer_id?, order_id?, created_at? }`), settled by default. */
  addSale(input: Params): BraintreeTransaction;
  /** Refunds a sale (`{ transaction_id, amount?, created_at? }`): the credit transaction. */
  refund(input: Params): BraintreeTransaction;
  stop(): Promise<void>;
}

/** Results per page of a search, as the gateway pages them. */
const PAGE_SIZE = 50;
/** The oldest `X-ApiVersion` the stand-in serves; the Node SDK 3.x sends 6. */
const MIN_API_VERSION = 4;

const readRaw = (req: IncomingMessage) =>
  new Promise<string>((ok, fail) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => ok(raw));
    req.on("error", fail);
  });

function basicAuth(header: string | undefined): { publicKey: string; privateKey: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 ? { publicKey: decoded.slice(0, colon), privateKey: decoded.slice(colon + 1) } : null;
}

const sendXml = (res: ServerResponse, status: number, body: string) => res.writeHead(status, { "content-type": "application/xml; charset=utf-8" }).end(body);
const sendJson = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

/** The JSON form of a transaction for the control API (what a test needs to assert on). */
const controlView = (t: BraintreeTransaction) => ({
  id: t.id,
  type: t.type,
  status: t.status,
  amount: t.amount,
  currency_iso_code: t.currency,
  merchant_account_id: t.merchantAccountId,
  refunded_transaction_id: t.refundedTransactionId,
  refund_ids: t.refundIds,
  created_at: t.createdAt.toISOString(),
});

/**
 * Starts a local stand-in for the part of the Braintree gateway API that finding refunds
 * uses (transaction search), for tests and the dev stack only. Independent per call; port 0 by default.
 */
export async function startBraintreeStandIn(options: { port?: number } = {}): Promise<BraintreeStandIn> {
  const ledger = new Ledger();
  const requests: BraintreeRecordedRequest[] = [];

  /** The gateway's API: `{ status, xml }`, or `{ status }` alone for the refusals that carry no body. */
  function gateway(method: string, path: string, auth: ReturnType<typeof basicAuth>, apiVersion: string | null, body: Params): { status: number; xml?: string } {
    const route = /^\/merchants\/([^/]+)\/transactions\/(advanced_search_ids|advanced_search)$/.exec(path);
    const merchant = auth ? ledger.merchantByKey(auth.publicKey, auth.privateKey) : undefined;
    if (!merchant) return { status: 401 };
    if (!(Number(apiVersion) >= MIN_API_VERSION)) return { status: 426 };
    if (!route || method !== "POST") return { status: 404 };
    // A valid key used on another merchant's path is not authorized for it.
    if (decodeURIComponent(route[1]!) !== merchant.merchantId) return { status: 403 };
    const criteria = (body.search ?? {}) as Params;
    let found: BraintreeTransaction[];
    try {
      found = ledger.search(merchant.merchantId, criteria);
    } catch (error) {
      // Braintree answers a parameter it does not allow with AuthorizationError.
      if (error instanceof UnmodelledSearchField) return { status: 403 };
      throw error;
    }
    if (route[2] === "advanced_search_ids") {
      return { status: 200, xml: xmlDocument("search-results", { "page-size": PAGE_SIZE, ids: found.map((t) => t.id) }) };
    }
    if (!Array.isArray(criteria.ids)) return { status: 403 };
    return {
      status: 200,
      xml: xmlCollection("credit-card-transactions", { "current-page-number": 1, "page-size": PAGE_SIZE, "total-items": found.length }, "transaction", found.map(transactionXml)),
    };
  }

  /** The helpers over HTTP, for tests inside workerd: `POST merchants|sales|refunds`, `GET requests`. */
  function control(method: string, action: string, input: Params): unknown {
    if (method === "POST" && action === "merchants") {
      const { privateKey: _secret, ...merchant } = ledger.addMerchant(input);
      return merchant;
    }
    if (method === "POST" && action === "sales") return controlView(ledger.addSale(input));
    if (method === "POST" && action === "refunds") return controlView(ledger.refund(input));
    if (method === "GET" && action === "requests") return requests;
    return undefined;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://braintree.local");
    const method = req.method ?? "GET";
    const contentType = req.headers["content-type"] ?? null;
    let body: Params = {};
    try {
      body = readBody(await readRaw(req), contentType ?? undefined);
    } catch (error) {
      return sendJson(res, 400, { error: { message: `unreadable body: ${(error as Error).message}` } });
    }
    if (url.pathname.startsWith("/_stand-in/control/")) {
      try {
        const result = control(method, url.pathname.slice("/_stand-in/control/".length), body);
        return sendJson(res, result === undefined ? 404 : 200, result ?? { error: { message: `No stand-in control ${method} ${url.pathname}` } });
      } catch (error) {
        if (!(error instanceof BraintreeValidationError)) throw error;
        return sendJson(res, 422, { error: { code: error.code, attribute: error.attribute, message: error.message } });
      }
    }
    const auth = basicAuth(req.headers.authorization);
    const apiVersion = (req.headers["x-apiversion"] as string | undefined) ?? null;
    const answer = gateway(method, url.pathname, auth, apiVersion, body);
    requests.push({ method, path: url.pathname, publicKey: auth?.publicKey ?? null, apiVersion, contentType, body, status: answer.status });
    if (answer.xml) sendXml(res, answer.status, answer.xml);
    else res.writeHead(answer.status).end();
  });

  await new Promise<void>((ok, fail) => server.once("error", fail).listen(options.port ?? 0, "127.0.0.1", ok));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    requests,
    addMerchant: (input) => ledger.addMerchant(input),
    addSale: (input) => ledger.addSale(input),
    refund: (input) => ledger.refund(input),
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
