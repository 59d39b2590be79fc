/** A Paddle API refusal: status and the `{ error: { type, code, detail, documentation_url, errors? } }` body. */
export class PaddleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(detail);
  }

  body(requestId: string): object {
    return {
      error: { type: "request_error", code: this.code, detail: this.detail, documentation_url: `https://developer.paddle.com/errors/shared/${this.code}`, ...(this.errors ? { errors: this.errors } : {}) },
      meta: { request_id: requestId },
    };
  }
}

/** Paddle's 400 for invalid fields: one entry per field, as its validation errors list them. */
export const invalidFields = (errors: { field: string; message: string }[]) => new PaddleApiError(400, "bad_request", "Invalid request.", errors);
