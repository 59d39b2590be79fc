import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DomainErrorCode } from "../domain-error";

/** Every error Rekomi answers with has one of these codes; the status follows from it. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  email_not_verified: 403,
  account_suspended: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  link_expired: 410,
  /** A gateway webhook to a connection the brand disconnected (src/gateways/receive/handler.ts). */
  connection_disconnected: 410,
  idempotency_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  /** A payment gateway (Stripe, Paddle) failed or answered something unusable while Rekomi called it for the brand. */
  bad_gateway: 502,
  service_unavailable: 503,
  // Every code domain code throws (src/infra/domain-error.ts) must have its status here.
} as const satisfies Record<DomainErrorCode, ContentfulStatusCode> & Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    param?: string;
    request_id: string;
  };
}

/**
 * The HTTP layer's error: middleware, guards and route files throw it (it can carry response
 * headers); domain code throws `DomainError`. `onError` renders both as the one envelope.
 */
export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly param: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, opts: { param?: string; headers?: Record<string, string> } = {}) {
    super(ERROR_STATUS[code], { message });
    this.code = code;
    this.param = opts.param;
    this.headers = opts.headers;
  }
}

export function errorBody(code: ErrorCode, message: string, requestId: string, param?: string): ErrorBody {
  return { error: { code, message, ...(param ? { param } : {}), request_id: requestId } };
}
