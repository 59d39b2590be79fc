/**
 * Why the product refused something, in its own words: thrown by domain code (queries,
 * lifecycles, brand operations), which knows nothing of HTTP. The HTTP layer turns `code`
 * into a status and the one error envelope (src/infra/http/app.ts, ERROR_STATUS);
 * middleware that must also set response headers (a 401 challenge, Retry-After) throws
 * `ApiError` instead.
 */
export type DomainErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "email_not_verified"
  | "account_suspended"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "link_expired"
  | "idempotency_conflict"
  | "payload_too_large"
  | "unprocessable"
  | "rate_limited"
  | "bad_gateway"
  | "service_unavailable";

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** The field at fault, as the caller named it (`campaignId`, `destination_url`). */
  readonly param: string | undefined;

  constructor(code: DomainErrorCode, message: string, opts: { param?: string } = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.param = opts.param;
  }
}
