import type { BraintreeCredentials } from "../../gateway-connections/secrets";
import { parseXml, path, type XmlElement } from "./xml";

/**
 * The few Braintree gateway API calls Rekomi makes, over `fetch` (the official SDK is
 * Node-only). Requests are built as the Node SDK 3.x builds them (transaction_gateway.js,
 * http.js): Basic auth with the key pair, `X-ApiVersion: 6`, a JSON body with snake_case
 * search criteria, XML answers.
 */

const ORIGINS = { production: "https://api.braintreegateway.com", sandbox: "https://api.sandbox.braintreegateway.com" } as const;
const API_VERSION = "6";
/** The SDK pages a search in the page size the gateway answers; this is what it answers today. */
const DEFAULT_PAGE_SIZE = 50;

/** Refused or failed gateway call. Carries the status only: Braintree's bodies may echo request parameters. */
export class BraintreeApiError extends Error {
  constructor(
    readonly status: number,
    call: string,
  ) {
    super(`Braintree answered ${status} to ${call}${status === 401 ? " (the API keys are wrong or revoked)" : status === 403 ? " (the API key may not search transactions)" : ""}`);
  }
}

export interface BraintreeClient {
  credentials: BraintreeCredentials;
  /** BRAINTREE_API_URL when set (tests, dev); otherwise the credentials' environment decides. */
  origin?: string;
}

/** Search criteria in the SDK's JSON shape: multiple values as arrays, ranges as `{ min, max }`. */
export type SearchCriteria = Record<string, string[] | { min?: string; max?: string; is?: string }>;

async function post(client: BraintreeClient, resource: string, body: object): Promise<XmlElement> {
  const { merchant_id, public_key, private_key, environment } = client.credentials;
  const origin = client.origin ?? ORIGINS[environment];
  const response = await fetch(`${origin}/merchants/${encodeURIComponent(merchant_id)}/${resource}`, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa(`${public_key}:${private_key}`)}`,
      "x-apiversion": API_VERSION,
      accept: "application/xml",
      "content-type": "application/json",
      "user-agent": "Rekomi (refund search)",
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new BraintreeApiError(response.status, resource);
  return parseXml(text);
}

/** The transactions matching `criteria`: their ids first, then the transactions a page at a time, as the SDK does. */
export async function searchTransactions(client: BraintreeClient, criteria: SearchCriteria): Promise<XmlElement[]> {
  const results = await post(client, "transactions/advanced_search_ids", { search: criteria });
  const ids = (path(results, "ids")?.children ?? []).map((item) => item.text.trim()).filter((id) => id !== "");
  const pageSize = Number(path(results, "page-size")?.text) || DEFAULT_PAGE_SIZE;
  return fetchTransactions(client, criteria, ids, pageSize);
}

/** Transactions by id, a page at a time (`advanced_search` with `ids`, plus any other criteria). */
export async function fetchTransactions(client: BraintreeClient, criteria: SearchCriteria, ids: string[], pageSize = DEFAULT_PAGE_SIZE): Promise<XmlElement[]> {
  const found: XmlElement[] = [];
  for (let start = 0; start < ids.length; start += pageSize) {
    const page = await post(client, "transactions/advanced_search", { search: { ...criteria, ids: ids.slice(start, start + pageSize) } });
    found.push(...page.children.filter((c) => c.name === "transaction"));
  }
  return found;
}
