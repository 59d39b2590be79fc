/** The dashboard's API client: one place that knows about auth and the error envelope. */

const KEY_STORAGE = "rekomi.api_key";

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Takes `#key=…` from the URL once (fragments never reach a server), then keeps it for the tab. */
export function apiKey(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
  if (fromHash) {
    sessionStorage.setItem(KEY_STORAGE, fromHash);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key.trim());
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const key = apiKey();
  const res = await fetch(path, {
    ...init,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiFailure(res.status, body?.error?.code ?? "unknown", body?.error?.message ?? `Request failed (${res.status}).`);
  }
  return body as T;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface Campaign {
  id: string;
  name: string;
  destination_url: string;
  status: "active" | "paused" | "archived";
  visibility: "private" | "listed";
  cookie_window_days: number;
  commission: {
    type: "percentage" | "flat";
    rate_bps: number | null;
    amount: number | null;
    currency: string;
    duration: "one_time" | "recurring" | "lifetime";
    duration_months: number | null;
  };
  created_at: string;
}
