import { z } from "@hono/zod-openapi";
import { CURRENCY_MESSAGE, isIsoCurrency } from "../../currencies";

/** Building blocks shared by resource schemas. */

export const Currency = z
  .string()
  .refine(isIsoCurrency, CURRENCY_MESSAGE)
  .openapi({ example: "USD", pattern: "^[A-Z]{3}$" });

/** An amount in the currency's minor unit (cents for USD): an integer, never a float. */
export const MinorAmount = z.number().int("must be an integer in minor units (cents)").min(0).max(1_000_000_000_000);

export const HttpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-25T09:00:00.000Z" });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      param: z.string().optional(),
      request_id: z.string().openapi({ example: "req_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    }),
  })
  .openapi("Error");

export const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });

/** The error responses every authenticated endpoint can give. */
export const commonErrors = {
  400: errorResponse("Invalid request: `error.param` names the field."),
  401: errorResponse("Missing, malformed or revoked API key."),
  404: errorResponse("No such resource for this brand."),
} as const;

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** Path parameters named after what they hold, e.g. `idParams({ brandId: "brd", memberId: "mem" })`. */
export function idParams<K extends string>(shape: Record<K, string>) {
  const fields = {} as Record<K, z.ZodString>;
  for (const [name, prefix] of Object.entries(shape) as [K, string][]) {
    fields[name] = z
      .string()
      .regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `must be an id starting with ${prefix}_`)
      .openapi({ param: { name, in: "path" }, example: `${prefix}_01jdx3h5c2v7n9q4r8t6w0y2z1` });
  }
  return z.object(fields);
}
