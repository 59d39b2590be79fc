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
 * header is what the server's CSRF check expects.
 */
export async function api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const write = method !== "GET";
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: write ? { "Content-Type": "application/json" } : {},
    body: write && method !== "DELETE" ? JSON.stringify(init.json ?? {}) : null,
  });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => null);
  if (!res.ok) throw failureOf(path, res.status, body, res.headers.get("retry-after"));
  return body as T;
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
