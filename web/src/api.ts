/** The dashboard's API client: one place that knows about the session, CSRF and the error envelope. */

export type * from "./api-types";

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** Called when the server says the session is gone (expired, revoked elsewhere). */
export function onSignedOut(fn: Listener): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}

/**
 * Same-origin JSON calls to `/api/*`. The session cookie travels by itself (HttpOnly, so
 * scripts never see it); writes always send a JSON body, which with the browser's Origin
 * header is what the server's CSRF check expects. A brand's POST is idempotent (`writeKey`).
 */
export async function api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const write = method !== "GET";
  const body = write && method !== "DELETE" ? JSON.stringify(init.json ?? {}) : null;
  const request = method === "POST" && path.startsWith("/api/brands/") ? `${path}\n${body}` : null;
  const headers: Record<string, string> = write ? { "Content-Type": "application/json" } : {};
  if (request !== null) headers["Idempotency-Key"] = writeKey(request);
  // A network failure leaves the key in place for the retry; any answer settles the action.
  const res = await fetch(path, { method, credentials: "same-origin", headers, body });
  if (request !== null) unanswered.delete(request);
  if (res.status === 204) return undefined as T;
  const answer = await res.json().catch(() => null);
  if (!res.ok) throw failureOf(path, res.status, answer, res.headers.get("retry-after"));
  return answer as T;
}

/** Keys of brand POSTs sent without an answer yet, by path and body, with when they were made. */
const unanswered = new Map<string, { key: string; at: number }>();

/**
 * How long a lost answer's key is reused. A retry comes within seconds; the same request
 * sent much later is a new action (a second test ping), not a retry.
 */
const RETRY_WINDOW_MS = 10 * 60_000;

/**
 * The `Idempotency-Key` of a POST under `/api/brands/{brandId}`: new for each user action,
 * and the same again when that very request is sent again after it got no answer (the
 * connection dropped: the server may have acted or not). The server then replays its first
 * answer instead of creating a second campaign, key or invitation. Keys are per brand on
 * the server and replay for 24 hours; the client reuses one for RETRY_WINDOW_MS only.
 * Every brand operation and the dashboard's creating POSTs (API keys, invitations, join
 * links) honour it; the other dashboard-only POSTs change state to a value and ignore it.
 */
function writeKey(request: string): string {
  const pending = unanswered.get(request);
  if (pending && Date.now() - pending.at < RETRY_WINDOW_MS) return pending.key;
  const key = crypto.randomUUID();
  unanswered.set(request, { key, at: Date.now() });
  return key;
}

/** Builds the failure for an error answer; tells listeners when the session is gone. */
function failureOf(path: string, status: number, body: { error?: { code?: string; message?: string; param?: string } } | null, retryAfter: string | null): ApiFailure {
  const failure = new ApiFailure(status, body?.error?.code ?? "unknown", body?.error?.message ?? `Request failed (${status}).`, body?.error?.param, Number(retryAfter) || undefined);
  if (status === 401 && !path.startsWith("/api/auth/")) for (const fn of signedOutListeners) fn();
  return failure;
}

/**
 * Uploads a file as the request body (the server's upload routes take raw bytes, which no
 * HTML form can send cross-site). XHR rather than fetch: only it reports upload progress.
 */
export function uploadFile<T>(path: string, file: Blob, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new TypeError("network error"));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below by status
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(failureOf(path, xhr.status, body, xhr.getResponseHeader("retry-after")));
    };
    xhr.send(file);
  });
}

/** Saves a file the server sends as an attachment, without leaving the page. */
export function saveFrom(url: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
}
