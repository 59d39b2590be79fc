import type Stripe from "stripe";

type ErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

/**
 * A Stripe API error: the HTTP status and the `{ error: { type, code, message, param } }` body
 * Stripe answers. `saved` is false for requests refused before the endpoint ran (bad
 * parameters): Stripe keeps no idempotent result for those, so a corrected retry may reuse the key.
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Stripe.StripeRawError & { type: ErrorType },
    readonly saved = true,
  ) {
    super(body.message);
  }
}

const docUrl = (code: string) => `https://docs.stripe.com/error-codes/${code.replaceAll("_", "-")}`;

/** A refusal for a state or amount the request may not have (status 400, saved for idempotency). */
export function invalidRequest(message: string, options: { code?: string; param?: string } = {}): StripeApiError {
  const { code, param } = options;
  return new StripeApiError(400, { type: "invalid_request_error", message, ...(code ? { code, doc_url: docUrl(code) } : {}), ...(param ? { param } : {}) });
}

/** A parameter that is missing, malformed or unknown: refused before the endpoint runs. */
export function badParam(code: "parameter_missing" | "parameter_unknown" | "parameter_invalid_integer" | "parameter_invalid_empty" | "parameter_invalid_string_empty", param: string, message: string): StripeApiError {
  return new StripeApiError(400, { type: "invalid_request_error", code, doc_url: docUrl(code), message, param }, false);
}

export const missingParam = (param: string) => badParam("parameter_missing", param, `Missing required param: ${param}.`);

/** `No such customer: 'cus_…'` (404), named after the parameter or path segment that held the id. */
export function noSuch(noun: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(404, { type: "invalid_request_error", code: "resource_missing", doc_url: docUrl("resource_missing"), message: `No such ${noun}: '${id}'`, param }, false);
}

/** An invalid value for a known parameter (e.g. an enum), refused before the endpoint runs. */
export function invalidValue(param: string, message: string): StripeApiError {
  return new StripeApiError(400, { type: "invalid_request_error", message, param }, false);
}
